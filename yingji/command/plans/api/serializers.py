from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.serializers import TransitionSerializer
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..choices import FindingState
from ..models import Drill, DrillFinding, Plan, PlanVersion, check_drill_plans


class PlanVersionSerializer(serializers.ModelSerializer):
    reason_display = ChoiceDisplayField(source="reason")

    class Meta:
        model = PlanVersion
        fields = ["id", "label", "issued_on", "document_no", "reason", "reason_display", "summary", "created_at"]


class PlanSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    event_type_display = ChoiceDisplayField(source="event_type")
    filing_state_display = ChoiceDisplayField(source="filing_state")
    owner_label = serializers.CharField(read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "name", "kind", "kind_display", "enterprise_part", "event_type", "event_type_display",
                  "production_safety", "high_risk", "owner", "owner_name", "owner_label", "owner_credit_code",
                  "region", "document_no", "issued_on", "last_evaluated_on", "evaluation_note", "abolished_on",
                  "drill_due", "evaluation_due", "filing_state", "filing_state_display", "filing_authority",
                  "filing_due", "filing_no", "filed_on", "created_at", "updated_at", "voided_at", "void_reason"]
        read_only_fields = ["drill_due", "evaluation_due", "filing_state", "filing_authority", "filing_due",
                            "filing_no", "filed_on", "created_at", "updated_at", "voided_at", "void_reason"]


class DrillSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    plans = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), many=True)
    organiser_label = serializers.CharField(read_only=True)

    class Meta:
        model = Drill
        fields = ["id", "name", "held_on", "kind", "kind_display", "organiser", "organiser_name", "organiser_label",
                  "region", "plans", "participants", "scenario", "summary", "created_at", "updated_at", "voided_at",
                  "void_reason"]
        read_only_fields = ["created_at", "updated_at", "voided_at", "void_reason"]

    def validate(self, attrs):
        held_on = attrs.get("held_on", getattr(self.instance, "held_on", None))
        plans = attrs.get("plans")
        if plans is None and self.instance is not None:
            plans = list(self.instance.plans.all())
        try:
            check_drill_plans(held_on, plans or [])
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.message_dict)
        return attrs


class DrillFindingSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    state_display = ChoiceDisplayField(source="state")

    class Meta:
        model = DrillFinding
        fields = ["id", "drill", "plan", "text", "responsible", "state", "state_display", "revision", "decision",
                  "closed_on", "region", "created_at", "voided_at", "void_reason"]
        read_only_fields = ["state", "revision", "decision", "closed_on", "region", "created_at", "voided_at",
                            "void_reason"]

    def validate(self, attrs):
        if self.instance is not None and self.instance.state != FindingState.OPEN:
            raise serializers.ValidationError("已关闭的问题不能修改；如需继续整改，请先重新打开")
        drill, plan = attrs.get("drill", getattr(self.instance, "drill", None)), attrs.get(
            "plan", getattr(self.instance, "plan", None))
        if drill is not None and plan is not None and not drill.plans.filter(pk=plan.pk).exists():
            raise serializers.ValidationError({"plan": "所选预案不是本次演练的预案"})
        return attrs


class EventSerializer(serializers.Serializer):
    transition = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.IntegerField(source="actor_id")
    at = serializers.DateTimeField()
    recorded_at = serializers.DateTimeField()
    note = serializers.CharField()


class SubmitSerializer(TransitionSerializer):
    authority = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FileSerializer(TransitionSerializer):
    filing_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(TransitionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReviseSerializer(TransitionSerializer):
    version = serializers.PrimaryKeyRelatedField(queryset=PlanVersion.objects.all(), required=False,
                                                 allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")

