from rest_framework import serializers

from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from .. import registry
from ..models import ReportNarrative


class ReportNarrativeSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    section_title = serializers.CharField(read_only=True)

    class Meta:
        model = ReportNarrative
        fields = ["id", "region", "year", "section", "section_title", "text", "created_at", "updated_at",
                  "voided_at", "void_reason"]
        read_only_fields = ["created_at", "updated_at", "voided_at", "void_reason"]

    def validate_section(self, value):
        if registry.get(value) is None:
            raise serializers.ValidationError("没有这个报告章节")
        return value
