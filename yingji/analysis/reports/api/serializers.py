from rest_framework import serializers

from yingji.platform.core import reports as registry
from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..models import BaselineFigure, ReportNarrative


class ReportNarrativeSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    section_title = serializers.CharField(read_only=True)

    class Meta:
        model = ReportNarrative
        fields = ["id", "region", "year", "section", "section_title", "text", "created_at", "updated_at",
                  "voided_at", "void_reason"]
        read_only_fields = ["created_at", "updated_at", "voided_at", "void_reason"]

    def validate(self, attrs):
        region = attrs.get("region", getattr(self.instance, "region", None))
        year = attrs.get("year", getattr(self.instance, "year", None))
        section = attrs.get("section", getattr(self.instance, "section", None))
        others = ReportNarrative.objects.filter(region=region, year=year, section=section, voided_at__isnull=True)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError({"section": ["该区划该年度的这一章节已有文字，请编辑原有记录"]})
        return attrs

    def validate_section(self, value):
        if registry.get(value) is None:
            raise serializers.ValidationError("没有这个报告章节")
        return value


class BaselineFigureSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    indicator_display = ChoiceDisplayField(source="indicator")
    unit = serializers.CharField(read_only=True)

    class Meta:
        model = BaselineFigure
        fields = ["id", "region", "year", "indicator", "indicator_display", "value", "unit", "source", "created_at",
                  "updated_at", "voided_at", "void_reason"]
        read_only_fields = ["created_at", "updated_at", "voided_at", "void_reason"]
