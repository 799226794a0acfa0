from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment


class ReliefFundSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    level_display = ChoiceDisplayField(source="level")
    category_display = ChoiceDisplayField(source="category")

    class Meta:
        model = ReliefFund
        fields = ["id", "name", "document_no", "level", "level_display", "kind", "category", "category_display",
                  "amount", "goods_name", "goods_quantity", "goods_unit", "received_on", "region", "event", "note",
                  "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class ReliefPaymentSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    """ID number and phone are write-only in full: they read back masked unless the user may see personal data."""

    category_display = ChoiceDisplayField(source="category")
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = ReliefPayment
        fields = ["id", "fund", "recipient_kind", "recipient_name", "id_number", "phone", "region", "region_name",
                  "category", "category_display", "person_times", "amount", "goods_quantity", "paid_on", "note",
                  "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class HousingInsurancePolicySerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = HousingInsurancePolicy
        fields = ["id", "year", "region", "insurer", "policy_no", "premium", "insured_households", "note",
                  "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class HousingInsuranceClaimSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    """ID number and phone read back masked unless the user may see personal data."""

    class Meta:
        model = HousingInsuranceClaim
        fields = ["id", "policy", "household_name", "id_number", "phone", "region", "event", "amount", "paid_on",
                  "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]
