from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.platform.core.workflow_views import api_transition

from .. import services
from ..filtersets import TipoffFilterSet
from ..models import Tipoff
from .serializers import (
    ConvertSerializer,
    FindingSerializer,
    InspectSerializer,
    NoteSerializer,
    RewardSerializer,
    TipoffEventSerializer,
    TipoffSerializer,
)


def _without_blank_enterprise(data):
    """转为隐患 without an enterprise means the reported one."""
    if "enterprise" in data and data["enterprise"] is None:
        data.pop("enterprise")
    return data


class TipoffViewSet(ScopedModelViewSet):
    queryset = Tipoff.objects.select_related("enterprise")
    serializer_class = TipoffSerializer
    filterset_class = TipoffFilterSet
    ordering_fields = ["received_at", "verify_deadline", "state", "created_at"]
    ordering = ["-received_at", "-id"]
    # each step needs the permission of its row in the transition table
    action_permissions = {**ScopedModelViewSet.action_permissions,
                          **{name: t.action for name, t in services.TRANSITIONS.items()}}

    def _run(self, request, serializer_class, name):
        return api_transition(self, request, name, serializer_class, clean=_without_blank_enterprise)

    @extend_schema(request=NoteSerializer, summary="开始核查")
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._run(request, NoteSerializer, "verify")

    @extend_schema(request=FindingSerializer, summary="核查属实（须填写核查情况）")
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._run(request, FindingSerializer, "confirm")

    @extend_schema(request=FindingSerializer, summary="核查不属实（须填写核查情况）")
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self._run(request, FindingSerializer, "dismiss")

    @extend_schema(request=ConvertSerializer, summary="转为隐患（来源：群众举报）")
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        return self._run(request, ConvertSerializer, "convert")

    @extend_schema(request=InspectSerializer, summary="转为检查（关联被举报企业的现场检查记录）")
    @action(detail=True, methods=["post"])
    def inspect(self, request, pk=None):
        return self._run(request, InspectSerializer, "inspect")

    @extend_schema(request=RewardSerializer, summary="登记举报奖励（仅核查属实的举报）")
    @action(detail=True, methods=["post"])
    def reward(self, request, pk=None):
        return self._run(request, RewardSerializer, "reward")

    @extend_schema(responses=TipoffEventSerializer(many=True), summary="处理记录")
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        tipoff = self.get_object()
        return Response(TipoffEventSerializer(tipoff.events.select_related("actor"), many=True).data)
