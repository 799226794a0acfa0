import json

from django.db import DatabaseError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.platform.core.workflow_views import api_transition

from .. import services
from ..filtersets import AlarmFilterSet, SensorFilterSet, StationFilterSet
from ..ingest import Pipeline
from ..models import Alarm, Sensor, Station
from .serializers import (
    AlarmEventSerializer,
    AlarmSerializer,
    NoteSerializer,
    ReadingBatchResultSerializer,
    ReadingBatchSerializer,
    SensorSerializer,
    StationSerializer,
)

MAX_READINGS = 10_000


class StationViewSet(ScopedModelViewSet):
    queryset = Station.objects.select_related("region")
    serializer_class = StationSerializer
    filterset_class = StationFilterSet
    ordering = ["code"]


class SensorViewSet(ScopedModelViewSet):
    queryset = Sensor.objects.select_related("station")
    serializer_class = SensorSerializer
    filterset_class = SensorFilterSet
    ordering = ["code"]

    @extend_schema(request=ReadingBatchSerializer, responses=ReadingBatchResultSerializer,
                   summary="网关批量上报监测数据（与MQTT同一格式；需“上报监测数据”权限，只接受管辖范围内的传感器）")
    @action(detail=False, methods=["post"])
    def readings(self, request):
        if not request.user.has_perm("monitoring.add_reading"):
            raise PermissionDenied(_("没有上报监测数据的权限"))
        body = request.data
        if not isinstance(body, dict | list):
            raise ParseError(_("请求体须为JSON对象或数组"))
        items = body.get("readings") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise ParseError(_("缺少 readings 数组"))
        if len(items) > MAX_READINGS:
            raise ParseError(_("一次最多上报 %(n)s 条") % {"n": MAX_READINGS})
        pipeline = Pipeline(f"http:{request.user.username}"[:100],
                            scope=Sensor.objects.restrict(request.user, "view"))
        try:
            result = pipeline.process([("http", json.dumps({"readings": items}).encode())])
        except DatabaseError:
            return Response({"code": "unavailable", "message": _("数据库暂不可用，请稍后重试（本批数据未入库）")},
                            status=503)
        rejected = [{"sensor": r.sensor, "reason": r.reason, "reason_display": str(r.reason.label)
                     if hasattr(r.reason, "label") else r.reason, "detail": r.detail} for r in result.rejected]
        return Response({"received": result.readings, "stored": result.stored, "duplicates": result.duplicates,
                         "rejected": rejected})


class AlarmViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Alarms are made by the engine: read, and moved through their lifecycle; never created or edited here."""

    queryset = Alarm.objects.select_related("sensor")
    serializer_class = AlarmSerializer
    filterset_class = AlarmFilterSet
    ordering = ["-triggered_at", "-id"]
    action_permissions = {name: t.action for name, t in services.TRANSITIONS.items()}

    def get_queryset_model(self):
        return Alarm

    def get_queryset(self):
        verb = self.action_permissions.get(self.action, "view")
        return self.queryset.all().restrict(self.request.user, verb)

    @extend_schema(request=NoteSerializer, summary="确认报警")
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return api_transition(self, request, "acknowledge", NoteSerializer)

    @extend_schema(request=NoteSerializer, summary="处置（须填写处置措施）")
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        return api_transition(self, request, "handle", NoteSerializer)

    @extend_schema(request=NoteSerializer, summary="关闭（须填写处置结果）")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return api_transition(self, request, "close", NoteSerializer)

    @extend_schema(responses=AlarmEventSerializer(many=True), summary="处置记录")
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        return Response(AlarmEventSerializer(self.get_object().events.select_related("actor"), many=True).data)
