import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin
from yingji.platform.core.validators import normalize_credit_code

from ..forms import EnterpriseForm
from ..models import Enterprise, HazardChemical, KeyPerson, MajorHazardSource, supervising_departments_for


class EnterpriseSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    sector_display = ChoiceDisplayField(source="sector")
    risk_grade_display = ChoiceDisplayField(source="risk_grade")
    status_display = ChoiceDisplayField(source="status")
    region_name = serializers.CharField(source="region.name", read_only=True)
    supervising_department_name = serializers.CharField(source="supervising_department.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code", "address", "region", "region_name", "longitude", "latitude",
                  "sector", "sector_display", "subsector", "size", "supervising_department",
                  "supervising_department_name", "risk_grade", "risk_grade_display", "status", "status_display",
                  "standardisation_grade", "insurer", "insurance_policy", "insurance_expiry", "principal_name",
                  "principal_phone", "liaison", "notes", "filed_on", "created_at", "updated_at", "voided_at",
                  "void_reason"]
        read_only_fields = ["created_at", "updated_at", "voided_at", "void_reason"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "supervising_department" in fields:
            fields["supervising_department"].queryset = supervising_departments_for(request.user)
        return fields

    # 包保责任人: the same choices as the web form's (ScopedSerializerMixin.people_form)
    people_form = EnterpriseForm

    def validate_credit_code(self, value):
        return normalize_credit_code(value)

    def validate_filed_on(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError(_("建档日期不能晚于今天"))
        return value


class KeyPersonSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    role_display = ChoiceDisplayField(source="role")
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = KeyPerson
        fields = ["id", "enterprise", "enterprise_name", "role", "role_display", "name", "phone", "certificate_kind",
                  "certificate_no", "certificate_expiry", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class MajorHazardSourceSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    level_display = ChoiceDisplayField(source="level")
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    quantity_ratio = serializers.DecimalField(max_digits=14, decimal_places=4, read_only=True, allow_null=True,
                                              help_text="Σ q/Q of the chemicals not voided")
    r_value = serializers.DecimalField(max_digits=14, decimal_places=4, read_only=True, allow_null=True,
                                       help_text="R = α Σ β q/Q, null unless α and every β are known")
    computed_level = serializers.IntegerField(read_only=True, allow_null=True)
    level_mismatch = serializers.BooleanField(read_only=True)

    class Meta:
        model = MajorHazardSource
        fields = ["id", "enterprise", "enterprise_name", "name", "level", "level_display", "chemicals",
                  "quantity_tonnes", "exposed_people", "quantity_ratio", "r_value", "computed_level",
                  "level_mismatch", "record_no", "recorded_on", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class HazardChemicalSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)

    class Meta:
        model = HazardChemical
        fields = ["id", "source", "source_name", "reference", "name", "cas_no", "hazard_category", "max_quantity",
                  "critical_quantity", "beta", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]

    def validate(self, attrs):
        # the model's clean() fills name, CAS and Q from 表1: run it before saving, not after
        instance = copy.copy(self.instance) if self.instance is not None else HazardChemical()
        for key, value in attrs.items():
            setattr(instance, key, value)
        try:
            instance.clean()
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.message_dict)
        for key in ("reference", "name", "cas_no", "critical_quantity", "beta"):
            attrs[key] = getattr(instance, key)
        return attrs
