from django.utils.translation import gettext as _
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..choices import ResponseLevel, ResponseState
from ..models import EmergencyResponse, ResponseTask


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResponseTask
        fields = ["id", "level", "source", "unit", "action", "done_at", "done_by", "done_note"]
        read_only_fields = ["done_by"]  # set by the workflow service, never chosen by a client


class ResponseSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    title = serializers.CharField(source="__str__", read_only=True)
    state_display = ChoiceDisplayField(source="state")
    level_display = ChoiceDisplayField(source="level")
    plan_type_display = ChoiceDisplayField(source="plan_type")

    class Meta:
        model = EmergencyResponse
        fields = ["id", "title", "region", "plan_type", "plan_type_display", "level", "level_display", "state",
                  "state_display", "reason", "warning", "started_at", "ended_at", "decided_by", "peak_level",
                  "created_at", "updated_at", "voided_at", "void_reason"]
        read_only_fields = ["state", "started_at", "ended_at", "decided_by", "peak_level", "created_at",
                            "updated_at", "voided_at", "void_reason"]

    def validate(self, attrs):
        if self.instance is not None and self.instance.state != ResponseState.PROPOSED:
            raise serializers.ValidationError(_("已启动的应急响应不能修改；请用“提升/降低/终止”记录决策"))
        return attrs


class DecisionSerializer(serializers.Serializer):
    decided_by = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    decided_at = serializers.DateTimeField(required=False, allow_null=True)
    level = serializers.ChoiceField(choices=ResponseLevel.choices, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
