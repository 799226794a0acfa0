from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet

from .. import services
from ..filtersets import TipoffFilterSet
from ..models import Tipoff
from .serializers import (ConvertSerializer, FindingSerializer, InspectSerializer, NoteSerializer, RewardSerializer,
                          TipoffEventSerializer, TipoffSerializer)


class TipoffViewSet(ScopedModelViewSet):
    queryset = Tipoff.objects.select_related("enterprise")
    serializer_class = TipoffSerializer
    filterset_class = TipoffFilterSet
    ordering_fields = ["received_at", "verify_deadline", "state", "created_at"]
    ordering = ["-received_at", "-id"]
    action_permissions = {**ScopedModelViewSet.action_permissions, "verify": "change", "confirm": "change",
                          "dismiss": "change", "convert": "change", "inspect": "change",
                          "reward": "approve"}

    def _run(self, request, serializer_class, fn):
        tipoff = self.get_object()
        params = serializer_class(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        if data.get("enterprise", "") is None:
            data.pop("enterprise")
        fn(tipoff, actor=request.user, **data)
        return Response(self.get_serializer(tipoff).data)

    @extend_schema(request=NoteSerializer, summary="开始核查")
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._run(request, NoteSerializer, services.start_verification)

    @extend_schema(request=FindingSerializer, summary="核查属实（须填写核查情况）")
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._run(request, FindingSerializer, services.confirm_tipoff)

    @extend_schema(request=FindingSerializer, summary="核查不属实（须填写核查情况）")
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self._run(request, FindingSerializer, services.dismiss_tipoff)

    @extend_schema(request=ConvertSerializer, summary="转为隐患（来源：群众举报）")
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        return self._run(request, ConvertSerializer, services.convert_to_hazard)

    @extend_schema(request=InspectSerializer, summary="转为检查（关联被举报企业的现场检查记录）")
    @action(detail=True, methods=["post"])
    def inspect(self, request, pk=None):
        return self._run(request, InspectSerializer, services.link_inspection)

    @extend_schema(request=RewardSerializer, summary="登记举报奖励（仅核查属实的举报）")
    @action(detail=True, methods=["post"])
    def reward(self, request, pk=None):
        return self._run(request, RewardSerializer, services.record_reward)

    @extend_schema(responses=TipoffEventSerializer(many=True), summary="处理记录")
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        tipoff = self.get_object()
        return Response(TipoffEventSerializer(tipoff.events.select_related("actor"), many=True).data)
