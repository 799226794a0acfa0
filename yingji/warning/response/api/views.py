from django.db import IntegrityError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.platform.core.workflow_views import api_transition

from .. import services
from ..filtersets import ResponseFilterSet
from ..forms import OPEN_EXISTS
from ..models import EmergencyResponse
from .serializers import DecisionSerializer, ResponseSerializer, TaskSerializer


class ResponseViewSet(ScopedModelViewSet):
    queryset = EmergencyResponse.objects.select_related("region")
    serializer_class = ResponseSerializer
    filterset_class = ResponseFilterSet
    ordering_fields = ["created_at", "started_at", "level"]
    ordering = ["-created_at", "-id"]
    action_permissions = {**ScopedModelViewSet.action_permissions,
                          **{name: t.action for name, t in services.TRANSITIONS.items()}}

    def perform_create(self, serializer):
        try:
            serializer.save(created_by=self.request.user)
        except IntegrityError:
            raise ValidationError({"non_field_errors": [OPEN_EXISTS]})

    def _t(self, request, name):
        return api_transition(self, request, name, DecisionSerializer)

    @extend_schema(request=DecisionSerializer, summary="启动响应（须填写决策人）")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._t(request, "start")

    @extend_schema(request=DecisionSerializer, summary="提升响应级别")
    @action(detail=True, methods=["post"], url_path="raise")
    def raise_(self, request, pk=None):
        return self._t(request, "raise")

    @extend_schema(request=DecisionSerializer, summary="降低响应级别")
    @action(detail=True, methods=["post"])
    def lower(self, request, pk=None):
        return self._t(request, "lower")

    @extend_schema(request=DecisionSerializer, summary="终止响应")
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._t(request, "end")

    @extend_schema(responses=TaskSerializer(many=True), summary="响应措施落实清单")
    @action(detail=True, methods=["get"])
    def tasks(self, request, pk=None):
        r = self.get_object()
        return Response(TaskSerializer(r.tasks.order_by("pk"), many=True).data)
