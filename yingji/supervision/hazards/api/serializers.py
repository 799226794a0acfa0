from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.serializers import TransitionSerializer
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..choices import HazardState
from ..forms import CLOSED_IS_FINAL, HazardForm
from ..models import Hazard, HazardEvent, MajorHazardCriterion


class HazardSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    state_display = ChoiceDisplayField(source="state")
    level_display = ChoiceDisplayField(source="level")
    source_display = ChoiceDisplayField(source="source")
    is_overdue = serializers.BooleanField(read_only=True)
    criterion = serializers.PrimaryKeyRelatedField(queryset=MajorHazardCriterion.objects.all(), allow_null=True,
                                                   required=False)

    class Meta:
        model = Hazard
        fields = ["id", "enterprise", "enterprise_name", "region", "ledger_no", "description", "category", "level",
                  "level_display", "criterion", "major_basis", "source", "source_display", "found_by",
                  "found_by_name", "found_on", "photo", "deadline", "responsible_person", "plan_responsibility",
                  "plan_measures", "plan_funds", "plan_time_limit", "plan_contingency", "evidence", "evidence_file",
                  "state", "state_display", "is_overdue", "submitted_by", "submitted_at", "accepted_by",
                  "closed_at", "supervision_level", "supervising_unit", "supervision_deadline", "campaign", "created_at",
                  "updated_at", "voided_at", "void_reason"]
        # the closed loop's fields move only through the transition actions
        read_only_fields = ["region", "plan_responsibility", "plan_measures", "plan_funds", "plan_time_limit",
                            "plan_contingency", "evidence", "evidence_file", "state", "submitted_by", "submitted_at",
                            "accepted_by", "closed_at", "created_at", "updated_at", "voided_at", "void_reason"]

    # 发现人: the same choices as the web form's (ScopedSerializerMixin.people_form)
    people_form = HazardForm

    def create(self, validated_data):
        hazard = Hazard(**validated_data)
        request = self.context.get("request")
        if request is not None:
            hazard.assume_finder(request.user)  # as the web form does when 发现人 is left blank
        validated_data["found_by"] = hazard.found_by
        return super().create(validated_data)

    def validate(self, attrs):
        if self.instance is not None and self.instance.state == HazardState.CLOSED:
            raise serializers.ValidationError(str(CLOSED_IS_FINAL))
        return attrs


class HazardEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True)

    class Meta:
        model = HazardEvent
        fields = ["id", "transition", "from_state", "to_state", "actor", "actor_name", "at", "recorded_at", "note"]
        read_only_fields = ["actor"]  # set by the workflow service, never chosen by a client


class StartSerializer(TransitionSerializer):
    plan_responsibility = serializers.CharField(max_length=300, required=False, allow_blank=True)
    plan_measures = serializers.CharField(required=False, allow_blank=True)
    plan_funds = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True,
                                          min_value=0)
    plan_time_limit = serializers.CharField(max_length=300, required=False, allow_blank=True)
    plan_contingency = serializers.CharField(required=False, allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    responsible_person = serializers.CharField(max_length=60, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SubmitSerializer(TransitionSerializer):
    evidence = serializers.CharField(required=False, allow_blank=True)
    evidence_file = serializers.FileField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(TransitionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
