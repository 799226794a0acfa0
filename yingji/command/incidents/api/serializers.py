from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..choices import Channel, EntryKind, RecipientLevel, ReportKind
from ..models import Incident, IncidentReport, ReportDeadline, TimelineEntry


class IncidentSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    category_display = ChoiceDisplayField(source="category")
    incident_type_display = ChoiceDisplayField(source="incident_type")
    grade_display = ChoiceDisplayField(source="grade")
    status_display = ChoiceDisplayField(source="status")
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "title", "category", "category_display", "incident_type", "incident_type_display",
                  "occurred_at", "received_at", "place", "region", "region_name", "longitude", "latitude", "deaths",
                  "missing", "injuries", "trapped", "evacuated", "grade", "grade_display", "source",
                  "reporter_name", "reporter_unit", "reporter_phone", "summary", "on_duty_leader", "status",
                  "status_display", "response_level", "closed_at", "closing_summary", "handoff_kind", "handoff_url",
                  "handoff_label", "voided_at", "void_reason"]
        read_only_fields = ["on_duty_leader", "status", "response_level", "closed_at", "closing_summary",
                            "handoff_kind", "handoff_url", "handoff_label", "voided_at", "void_reason"]
        extra_kwargs = {"category": {"error_messages": {"required": _("请选择事件类别"), "blank": _("请选择事件类别"),
                                                        "null": _("请选择事件类别"),
                                                        "invalid_choice": _("请选择事件类别（自然灾害、事故灾难、"
                                                                            "公共卫生事件、社会安全事件）")}}}


class IncidentReportSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    channel_display = ChoiceDisplayField(source="channel")

    class Meta:
        model = IncidentReport
        fields = ["id", "incident", "kind", "kind_display", "channel", "channel_display", "recipient_level",
                  "recipient", "reported_at", "reported_by", "content", "snapshot", "late", "late_minutes",
                  "voided_at", "void_reason"]
        read_only_fields = ["reported_by", "snapshot", "late", "late_minutes", "voided_at", "void_reason"]


class ReportDeadlineSerializer(serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")

    class Meta:
        model = ReportDeadline
        fields = ["id", "incident", "kind", "kind_display", "channel", "recipient_level", "sequence", "due_at",
                  "basis", "done_at", "report", "late", "cancelled"]


class TimelineEntrySerializer(serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")

    class Meta:
        model = TimelineEntry
        fields = ["id", "incident", "seq", "kind", "kind_display", "at", "text", "actor", "recorded_at",
                  "ref_label"]
        read_only_fields = ["actor"]  # set by the workflow service, never chosen by a client


class NewEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[EntryKind.DECISION, EntryKind.UPDATE, EntryKind.NOTE])
    text = serializers.CharField()
    at = serializers.DateTimeField(required=False)


class FileReportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    recipient_level = serializers.ChoiceField(choices=RecipientLevel.choices)
    recipient = serializers.CharField(required=False, allow_blank=True, default="")
    reported_at = serializers.DateTimeField(required=False)
    content = serializers.CharField(required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    summary = serializers.CharField(error_messages={"required": _("结束事件须填写处置总结"),
                                                    "blank": _("结束事件须填写处置总结")})
