from django.core.exceptions import ValidationError as DjangoError
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.platform.core.workflow_views import api_transition

from .. import cap, services
from ..choices import MsgType
from ..filtersets import WarningFilterSet
from ..models import Warning
from .serializers import NoteSerializer, ReceiveSerializer, WarningEventSerializer, WarningSerializer


def _as_400(e):
    return ValidationError(e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages})


class WarningViewSet(ScopedModelViewSet):
    queryset = Warning.objects.select_related("region").prefetch_related("areas", "target_groups")
    serializer_class = WarningSerializer
    filterset_class = WarningFilterSet
    ordering_fields = ["created_at", "sent", "expires", "level"]
    ordering = ["-created_at", "-id"]
    action_permissions = {**ScopedModelViewSet.action_permissions,
                          **{name: t.action for name, t in services.TRANSITIONS.items()},
                          "draft_update": "add", "draft_cancel": "add", "receive": "forward"}

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    def _transition(self, request, name):
        return api_transition(self, request, name, NoteSerializer)

    @extend_schema(request=NoteSerializer, summary="提交审核")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, "submit")

    @extend_schema(request=NoteSerializer, summary="审核通过")
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._transition(request, "review")

    @extend_schema(request=NoteSerializer, summary="退回修改（须说明原因）")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, "return")

    @extend_schema(request=NoteSerializer, summary="签发（签发人不能是起草人）")
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._transition(request, "sign")

    @extend_schema(request=NoteSerializer, summary="发布（生成编号，交发布系统）")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(request, "publish")

    @extend_schema(request=NoteSerializer, summary="转发上级预警")
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        return self._transition(request, "forward")

    def _followup(self, request, msg_type):
        original = self.get_object()
        params = NoteSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            new = services.draft_followup(original, actor=request.user, msg_type=msg_type,
                                          note=params.validated_data.get("note", ""))
        except DjangoError as e:
            raise _as_400(e)
        return Response(WarningSerializer(new, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=NoteSerializer, responses=WarningSerializer, summary="起草更新")
    @action(detail=True, methods=["post"], url_path="draft-update")
    def draft_update(self, request, pk=None):
        return self._followup(request, MsgType.UPDATE)

    @extend_schema(request=NoteSerializer, responses=WarningSerializer, summary="起草解除（须说明原因）")
    @action(detail=True, methods=["post"], url_path="draft-cancel")
    def draft_cancel(self, request, pk=None):
        return self._followup(request, MsgType.CANCEL)

    @extend_schema(request=ReceiveSerializer, responses=WarningSerializer, summary="接收上级 CAP 预警（待转发）")
    @action(detail=False, methods=["post"])
    def receive(self, request):
        params = ReceiveSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            w = services.receive_upstream(params.validated_data["xml"].encode("utf-8"), actor=request.user)
        except DjangoError as e:
            raise _as_400(e)
        return Response(WarningSerializer(w, context=self.get_serializer_context()).data, status=201)

    @extend_schema(responses={(200, "application/xml"): bytes}, summary="CAP 1.2 XML")
    @action(detail=True, methods=["get"])
    def cap(self, request, pk=None):
        return HttpResponse(cap.cap_xml(self.get_object()), content_type="application/xml; charset=utf-8")

    @extend_schema(responses={(200, "application/xml"): bytes}, summary="国家预警信息发布系统格式 XML")
    @action(detail=True, methods=["get"])
    def national(self, request, pk=None):
        return HttpResponse(cap.national_xml(self.get_object()), content_type="application/xml; charset=utf-8")

    @extend_schema(responses=WarningEventSerializer(many=True), summary="流转记录")
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        w = self.get_object()
        return Response(WarningEventSerializer(w.events.select_related("actor"), many=True).data)
