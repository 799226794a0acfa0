from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet

from .. import services
from ..filtersets import IncidentFilterSet, IncidentReportFilterSet
from ..models import Incident, IncidentReport, ReportDeadline, TimelineEntry
from .serializers import (
    CloseSerializer,
    FileReportSerializer,
    IncidentReportSerializer,
    IncidentSerializer,
    NewEntrySerializer,
    ReportDeadlineSerializer,
    TimelineEntrySerializer,
)


def _as_400(e):
    if hasattr(e, "error_dict"):
        return ValidationError(e.message_dict)
    return ValidationError({"non_field_errors": e.messages})


class IncidentViewSet(ScopedModelViewSet):
    """突发事件: 接报 (create) computes the reporting deadlines and writes the timeline; `report`, `timeline`,
    `close` are the workspace's actions."""

    queryset = Incident.objects.select_related("region")
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet
    ordering_fields = ["received_at", "grade"]
    ordering = ["-received_at", "-id"]
    action_permissions = {**ScopedModelViewSet.action_permissions, "report": "change", "close": "change",
                          "add_entry": "change"}

    def perform_create(self, serializer):
        try:
            with transaction.atomic():
                obj = services.receive_incident(Incident(**serializer.validated_data), actor=self.request.user)
                self._check_scope(obj)
        except DjangoValidationError as e:
            raise _as_400(e)
        serializer.instance = obj

    def perform_update(self, serializer):
        try:
            with transaction.atomic():
                obj = serializer.instance
                for k, v in serializer.validated_data.items():
                    setattr(obj, k, v)
                services.update_incident(obj, actor=self.request.user)
                self._check_scope(obj)
        except DjangoValidationError as e:
            raise _as_400(e)

    @extend_schema(request=FileReportSerializer, responses=IncidentReportSerializer, summary="登记报送")
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        obj = self.get_object()
        data = FileReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            report = services.file_report(obj, actor=request.user, **data.validated_data)
        except DjangoValidationError as e:
            raise _as_400(e)
        return Response(IncidentReportSerializer(report, context={"request": request}).data, status=201)

    @extend_schema(responses=TimelineEntrySerializer(many=True), summary="事件时间线")
    @action(detail=True, methods=["get"])
    def timeline(self, request, pk=None):
        obj = self.get_object()
        return Response(TimelineEntrySerializer(obj.timeline.order_by("seq"), many=True).data)

    @extend_schema(request=NewEntrySerializer, responses=TimelineEntrySerializer, summary="记入时间线")
    @action(detail=True, methods=["post"], url_path="timeline/add")
    def add_entry(self, request, pk=None):
        obj = self.get_object()
        data = NewEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not obj.is_open:
            raise ValidationError({"non_field_errors": [_("事件已结束，不能再记录")]})
        try:
            entry = services.record_event(obj, actor=request.user, **data.validated_data)
        except DjangoValidationError as e:
            raise _as_400(e)
        return Response(TimelineEntrySerializer(entry).data, status=201)

    @extend_schema(request=CloseSerializer, summary="处置结束")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        obj = self.get_object()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            obj = services.close_incident(obj, actor=request.user, summary=data.validated_data["summary"])
        except DjangoValidationError as e:
            raise _as_400(e)
        return Response(self.get_serializer(obj).data)


class IncidentReportViewSet(ScopedModelViewSet):
    queryset = IncidentReport.objects.select_related("incident")
    serializer_class = IncidentReportSerializer
    filterset_class = IncidentReportFilterSet
    http_method_names = ["get", "post", "head", "options"]
    ordering = ["-reported_at", "-id"]

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        incident = d.pop("incident")
        try:
            serializer.instance = services.file_report(incident, actor=self.request.user, **d)
        except DjangoValidationError as e:
            raise _as_400(e)


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    action_permissions = {}

    def get_queryset_model(self):
        return self.queryset.model

    def get_queryset(self):
        return self.queryset.all().restrict(self.request.user, "view")


class ReportDeadlineViewSet(_ReadOnly):
    """报送时限 (read-only): `?open=1` the duties still to do, soonest first."""

    queryset = ReportDeadline.objects.select_related("incident")
    serializer_class = ReportDeadlineSerializer

    def get_queryset(self):
        qs = super().get_queryset().order_by("due_at", "id")
        if self.request.GET.get("open") in ("1", "true"):
            qs = qs.open().filter(cancelled=False)
        return qs


class TimelineEntryViewSet(_ReadOnly):
    queryset = TimelineEntry.objects.select_related("incident")
    serializer_class = TimelineEntrySerializer
