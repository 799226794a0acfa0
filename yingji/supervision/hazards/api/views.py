from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.platform.core.workflow_views import api_transition

from .. import services
from ..filtersets import HazardFilterSet
from ..models import Hazard
from .serializers import HazardEventSerializer, HazardSerializer, NoteSerializer, StartSerializer, SubmitSerializer


class HazardViewSet(ScopedModelViewSet):
    queryset = Hazard.objects.select_related("enterprise")
    serializer_class = HazardSerializer
    filterset_class = HazardFilterSet
    ordering_fields = ["found_on", "deadline", "state", "created_at"]
    ordering = ["-found_on", "-id"]
    # each transition needs the permission of its row in the transition table
    action_permissions = {**ScopedModelViewSet.action_permissions,
                          **{name: t.action for name, t in services.TRANSITIONS.items()}}

    def _transition(self, request, name, serializer_class):
        return api_transition(self, request, name, serializer_class)

    @extend_schema(request=StartSerializer, summary="开始整改（五落实、整改期限、整改责任人）")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._transition(request, "start", StartSerializer)

    @extend_schema(request=SubmitSerializer, summary="提交验收（须有整改佐证）")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, "submit", SubmitSerializer)

    @extend_schema(request=NoteSerializer, summary="验收销号（验收人不能是提交人）")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._transition(request, "accept", NoteSerializer)

    @extend_schema(request=NoteSerializer, summary="验收退回（须说明原因）")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._transition(request, "reject", NoteSerializer)

    @extend_schema(responses=HazardEventSerializer(many=True), summary="流转记录")
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        hazard = self.get_object()
        return Response(HazardEventSerializer(hazard.events.select_related("actor"), many=True).data)
