from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..forms import NEGATIVE_LABELS
from ..models import Accident, AccidentInvestigation, AccidentReport


class AccidentSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    sector_display = ChoiceDisplayField(source="sector")
    accident_type_display = ChoiceDisplayField(source="accident_type")
    grade_display = ChoiceDisplayField(source="grade")
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Accident
        fields = ["id", "occurred_at", "place", "region", "region_name", "longitude", "latitude", "enterprise",
                  "unit_name", "department", "sector", "sector_display", "accident_type", "accident_type_display",
                  "deaths", "missing", "serious_injuries", "injuries", "direct_loss", "summary", "grade",
                  "grade_display", "grade_reason", "investigation_extended", "investigation_report_date",
                  "voided_at", "void_reason"]
        read_only_fields = ["grade", "grade_reason", "voided_at", "void_reason"]
        extra_kwargs = {name: {"error_messages": {"min_value": _("%(label)s不能为负数") % {"label": label}}}
                        for name, label in NEGATIVE_LABELS.items()}


class AccidentReportSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    to_level_display = ChoiceDisplayField(source="to_level")

    class Meta:
        model = AccidentReport
        fields = ["id", "accident", "kind", "kind_display", "to_level", "to_level_display", "reported_at",
                  "reporter", "note", "snapshot", "deadline", "deadline_basis", "is_late", "voided_at",
                  "void_reason"]
        read_only_fields = ["snapshot", "deadline", "deadline_basis", "is_late", "voided_at", "void_reason"]

    def validate_accident(self, value):
        if self.instance is not None and value != self.instance.accident:
            raise serializers.ValidationError(_("报告所属的事故不能更改"))
        return value


class AccidentInvestigationSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    nature_display = ChoiceDisplayField(source="nature")

    class Meta:
        model = AccidentInvestigation
        fields = ["id", "accident", "lead_unit", "leader", "members", "started_on", "nature", "nature_display",
                  "cause", "approved_on", "criminal_count", "discipline_count", "penalised_count", "enterprise_fine",
                  "enforcement_case", "measures", "review_due", "reviewed_on", "review_result", "voided_at",
                  "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]

    def validate_accident(self, value):
        if self.instance is not None and value != self.instance.accident:
            raise serializers.ValidationError(_("调查所属的事故不能更改"))
        return value
