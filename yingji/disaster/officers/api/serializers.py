from rest_framework import serializers

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..forms import ACCOUNT_PERMISSION
from ..models import DisasterInfoOfficer, TrainingRecord


class DisasterInfoOfficerSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    """The phone reads back masked unless the user may see personal data."""

    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = DisasterInfoOfficer
        fields = ["id", "name", "phone", "region", "region_name", "organisation", "role", "active", "appointed_on",
                  "user", "note", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "user" in fields:
            fields["user"].queryset = colleagues(request.user, ACCOUNT_PERMISSION)
        return fields


class TrainingRecordSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    officer_name = serializers.CharField(source="officer.name", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = ["id", "officer", "officer_name", "trained_on", "course", "hours", "organiser", "voided_at",
                  "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]
