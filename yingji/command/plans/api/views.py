from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.platform.core.workflow_views import api_transition

from .. import services
from ..filtersets import DrillFilterSet, DrillFindingFilterSet, PlanFilterSet
from ..models import Drill, DrillFinding, Plan
from .serializers import (
    DrillFindingSerializer,
    DrillSerializer,
    EventSerializer,
    FileSerializer,
    NoteSerializer,
    PlanSerializer,
    PlanVersionSerializer,
    ReviseSerializer,
    SubmitSerializer,
)


class PlanViewSet(ScopedModelViewSet):
    queryset = Plan.objects.select_related("owner", "region")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    ordering_fields = ["issued_on", "drill_due", "evaluation_due", "name"]
    ordering = ["region__code", "kind", "name", "id"]
    action_permissions = {**ScopedModelViewSet.action_permissions,
                          **{name: t.action for name, t in services.FILING.items()}}

    @extend_schema(responses=PlanVersionSerializer(many=True), summary="版本记录")
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        return Response(PlanVersionSerializer(self.get_object().versions.all(), many=True).data)

    @extend_schema(summary="响应分级：各级启动条件及各单位措施")
    @action(detail=True, methods=["get"])
    def levels(self, request, pk=None):
        return Response(services.levels_of(self.get_object()))

    @extend_schema(responses=EventSerializer(many=True), summary="备案记录")
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        return Response(EventSerializer(self.get_object().events.all(), many=True).data)

    @extend_schema(request=SubmitSerializer, summary="提交备案（企业预案）")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return api_transition(self, request, "submit", SubmitSerializer)

    @extend_schema(request=NoteSerializer, summary="受理备案")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return api_transition(self, request, "accept", NoteSerializer)

    @extend_schema(request=FileSerializer, summary="予以备案（须填写备案编号）")
    @action(detail=True, methods=["post"], url_path="file")
    def file_plan(self, request, pk=None):
        return api_transition(self, request, "file", FileSerializer)

    @extend_schema(request=NoteSerializer, summary="退回备案（须说明原因）")
    @action(detail=True, methods=["post"], url_path="return")
    def return_filing(self, request, pk=None):
        return api_transition(self, request, "return", NoteSerializer)


PlanViewSet.action_permissions.update({"file_plan": "approve", "return_filing": "approve"})


class DrillViewSet(ScopedModelViewSet):
    queryset = Drill.objects.select_related("organiser", "region").prefetch_related("plans")
    serializer_class = DrillSerializer
    filterset_class = DrillFilterSet
    ordering_fields = ["held_on", "participants"]
    ordering = ["-held_on", "-id"]


class DrillFindingViewSet(ScopedModelViewSet):
    queryset = DrillFinding.objects.select_related("drill", "plan")
    serializer_class = DrillFindingSerializer
    filterset_class = DrillFindingFilterSet
    ordering = ["-drill__held_on", "id"]
    action_permissions = {**ScopedModelViewSet.action_permissions,
                          **{name: t.action for name, t in services.FINDING_TRANSITIONS.items()}}

    @extend_schema(request=ReviseSerializer, summary="据此修订预案后关闭（选择修订后的预案版本）")
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        return api_transition(self, request, "revise", ReviseSerializer)

    @extend_schema(request=NoteSerializer, summary="决定不修订并关闭（须写明处理决定）")
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return api_transition(self, request, "decide", NoteSerializer)

    @extend_schema(request=NoteSerializer, summary="重新打开（须说明原因）")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return api_transition(self, request, "reopen", NoteSerializer)
