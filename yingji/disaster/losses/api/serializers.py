from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..models import INDICATOR_FIELDS, DisasterEvent, LossReport


class DisasterEventSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    disaster_type_display = ChoiceDisplayField(source="disaster_type")

    class Meta:
        model = DisasterEvent
        fields = ["id", "name", "disaster_type", "disaster_type_display", "started_at", "ended_at", "stable_at",
                  "region", "townships", "summary", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]

    def validate(self, attrs):
        from django.utils.translation import gettext as _

        region = attrs.get("region", getattr(self.instance, "region", None))
        townships = attrs.get("townships")
        if region is not None and townships:
            outside = [t.name for t in townships if t.level != 4 or not t.is_within(region)]
            if outside:
                raise serializers.ValidationError({"townships": [
                    _("受灾乡镇不在灾害事件所在区划内：%(names)s") % {"names": "、".join(outside)}]})
        return attrs


class LossReportSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = LossReport
        fields = ["id", "event", "region", "region_name", "kind", "kind_display", "reported_at", "reporter",
                  *INDICATOR_FIELDS, "note", "deadline", "deadline_basis", "is_late", "voided_at", "void_reason"]
        read_only_fields = ["deadline", "deadline_basis", "is_late", "voided_at", "void_reason"]

    def validate(self, attrs):
        from django.utils.translation import gettext as _

        if self.instance is not None:
            for field in ("event", "region"):
                if field in attrs and attrs[field] != getattr(self.instance, field):
                    raise serializers.ValidationError({field: [_("报告所属的灾害事件和乡镇不能更改")]})
        return attrs
