from django.contrib.auth import get_user_model
from rest_framework import serializers

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin
from yingji.supervision.campaigns.models import Campaign

from ..choices import DeliveryMethod, PenaltyKind, PenaltyTarget
from ..models import CaseStep, EnforcementCase, Measure, Penalty


class UserRefField(serializers.PrimaryKeyRelatedField):
    def to_representation(self, value):
        return value.pk


class CaseStepSerializer(serializers.ModelSerializer):
    step_display = ChoiceDisplayField(source="step")
    officers = serializers.SerializerMethodField()

    class Meta:
        model = CaseStep
        fields = ["id", "step", "step_display", "date", "officers", "note", "due_on", "late"]

    def get_officers(self, obj):
        return [{"id": u.pk, "name": str(u)} for u in obj.officers.all()]


class PenaltySerializer(serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    target_display = ChoiceDisplayField(source="target")

    class Meta:
        model = Penalty
        fields = ["id", "kind", "kind_display", "target", "target_display", "target_name", "amount",
                  "suspension_days", "note", "campaign"]


class EnforcementCaseSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    state_display = ChoiceDisplayField(source="state")
    procedure_display = ChoiceDisplayField(source="procedure")
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    officers = UserRefField(many=True, queryset=get_user_model().objects.all(), required=False)
    is_overdue = serializers.BooleanField(read_only=True)
    total_fine = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = EnforcementCase
        fields = ["id", "number", "year", "enterprise", "enterprise_name", "region", "title", "origin", "hazard",
                  "origin_reference", "procedure", "procedure_display", "department", "department_name", "officers",
                  "facts", "violated_provisions", "penalty_basis", "decision_extension", "state", "state_display",
                  "filed_on", "investigated_on", "notified_on", "hearing_right", "hearing_requested_on",
                  "hearing_notice_on", "hearing_on", "decided_on", "delivered_on", "delivery_method", "executed_on",
                  "paid_amount", "surcharge", "closed_on", "due_on", "due_kind", "is_overdue", "total_fine",
                  "campaign", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]

    def get_fields(self):
        from ..services import OFFICER_PERMISSION

        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            fields["officers"].child_relation.queryset = colleagues(user, OFFICER_PERMISSION)
        return fields

    def validate(self, attrs):
        from ..choices import CaseState

        instance = self.instance
        if instance is not None and instance.reached(CaseState.DECIDED):
            raise serializers.ValidationError(["已作出处罚决定的案件不能修改基本信息"])
        if instance is not None and instance.reached(CaseState.FILED):
            for name in ("enterprise", "procedure"):
                if name in attrs and attrs[name] != getattr(instance, name):
                    raise serializers.ValidationError({name: ["已立案的案件不能更改该项"]})
        return attrs


class EnforcementCaseDetailSerializer(EnforcementCaseSerializer):
    steps = CaseStepSerializer(many=True, read_only=True)
    penalties = serializers.SerializerMethodField()

    class Meta(EnforcementCaseSerializer.Meta):
        fields = EnforcementCaseSerializer.Meta.fields + ["steps", "penalties"]

    def get_penalties(self, obj):
        return PenaltySerializer([p for p in obj.penalties.all() if p.voided_at is None], many=True).data


class StepRequestSerializer(serializers.Serializer):
    date = serializers.DateField()
    officers = serializers.ListField(child=serializers.IntegerField(), help_text="执法人员的用户ID，至少两人")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NotifyRequestSerializer(StepRequestSerializer):
    hearing_right = serializers.BooleanField(required=False, default=False)


class HearingRequestSerializer(StepRequestSerializer):
    notice_date = serializers.DateField()


class PenaltyRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PenaltyKind.choices)
    target = serializers.ChoiceField(choices=PenaltyTarget.choices, default=PenaltyTarget.ENTERPRISE)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    target_name = serializers.CharField(required=False, allow_blank=True, default="")
    suspension_days = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.all(), required=False, allow_null=True, default=None,
        help_text="专项行动ID；不填则取案件的专项行动")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:  # the campaigns the user may see; the period and region are checked on saving
            fields["campaign"].queryset = Campaign.objects.restrict(request.user, "view").active()
        return fields


class DecideRequestSerializer(StepRequestSerializer):
    penalties = PenaltyRequestSerializer(many=True, required=False, default=list)


class DeliverRequestSerializer(StepRequestSerializer):
    method = serializers.ChoiceField(choices=DeliveryMethod.choices, default=DeliveryMethod.DIRECT)


class ExecuteRequestSerializer(StepRequestSerializer):
    paid_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    paid_on = serializers.DateField(required=False, allow_null=True)


class ReviewRequestSerializer(serializers.Serializer):
    date = serializers.DateField()
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=1),
                                   help_text="评查项代码 → 得分")
    remarks = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
    conclusion = serializers.CharField(required=False, allow_blank=True, default="")


class MeasureSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "kind", "kind_display", "date", "enterprise", "enterprise_name", "case", "region",
                  "department", "note", "campaign", "voided_at", "void_reason"]
        read_only_fields = ["region", "voided_at", "void_reason"]
