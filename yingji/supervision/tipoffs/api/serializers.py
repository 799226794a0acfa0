from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.serializers import TransitionSerializer
from yingji.platform.core.api.viewsets import ScopedSerializerMixin
from yingji.platform.core.privacy import mask_name, mask_phone
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.choices import HazardCategory
from yingji.supervision.inspections.models import Inspection

from ..models import Tipoff, TipoffEvent


class TipoffSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    channel_display = ChoiceDisplayField(source="channel")
    state_display = ChoiceDisplayField(source="state")
    is_overdue = serializers.BooleanField(read_only=True)
    region = serializers.PrimaryKeyRelatedField(read_only=False, required=False,
                                                queryset=Tipoff._meta.get_field("region").related_model.objects)

    class Meta:
        model = Tipoff
        fields = ["id", "channel", "channel_display", "received_at", "anonymous", "reporter_name", "reporter_phone",
                  "enterprise", "enterprise_name", "place", "region", "description", "verify_deadline", "state",
                  "state_display", "is_overdue", "verifier", "verified_at", "finding", "hazard", "inspection",
                  "reward_amount",
                  "reward_date", "reward_paid", "created_at", "updated_at", "voided_at", "void_reason"]
        read_only_fields = ["verify_deadline", "state", "verifier", "verified_at", "finding", "hazard", "inspection",
                            "reward_amount", "reward_date", "reward_paid", "created_at", "updated_at", "voided_at",
                            "void_reason"]

    def _sees_personal(self):
        request = self.context.get("request")
        return request is not None and request.user.has_perm("accounts.view_personal_data")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._sees_personal():
            data["reporter_name"] = mask_name(data["reporter_name"])
            data["reporter_phone"] = mask_phone(data["reporter_phone"])
        return data

    def to_internal_value(self, data):
        if self.instance is not None and not self._sees_personal() and hasattr(data, "items"):
            # a user who sees the reporter masked cannot overwrite him either: what he sends back (the masked
            # value) is ignored before it is validated as a phone number
            data = {k: v for k, v in data.items() if k not in ("reporter_name", "reporter_phone")}
        return super().to_internal_value(data)

    def validate(self, attrs):
        enterprise = attrs.get("enterprise", getattr(self.instance, "enterprise", None))
        if enterprise is not None:
            attrs["region"] = enterprise.region
        elif not attrs.get("region") and not getattr(self.instance, "region_id", None):
            raise serializers.ValidationError({"region": "请选择所在区划"})
        return attrs


class TipoffEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True)

    class Meta:
        model = TipoffEvent
        fields = ["id", "transition", "from_state", "to_state", "actor", "actor_name", "at", "recorded_at", "note"]
        read_only_fields = ["actor"]  # set by the workflow service, never chosen by a client


class NoteSerializer(TransitionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FindingSerializer(NoteSerializer):
    finding = serializers.CharField()


class ConvertSerializer(ScopedSerializerMixin, NoteSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                                    allow_null=True)
    category = serializers.ChoiceField(choices=HazardCategory.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True)


class InspectSerializer(ScopedSerializerMixin, NoteSerializer):
    inspection = serializers.PrimaryKeyRelatedField(queryset=Inspection.objects.all())


class RewardSerializer(NoteSerializer):
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    reward_date = serializers.DateField(required=False, allow_null=True)
    paid = serializers.BooleanField(required=False, default=False)
