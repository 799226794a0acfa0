from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..choices import MANUAL_KINDS
from ..models import Dispatch, Expert, Movement, RescueTeam, Shelter, Stock, SupplyItem, Warehouse


class WarehouseSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")

    class Meta:
        model = Warehouse
        fields = ["id", "name", "kind", "kind_display", "level", "region", "address", "lon", "lat", "area_m2",
                  "keeper", "keeper_phone", "note", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class SupplyItemSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    category_display = ChoiceDisplayField(source="category")

    class Meta:
        model = SupplyItem
        fields = ["id", "name", "category", "category_display", "unit", "spec", "shelf_life_days",
                  "maintenance_days", "region", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class StockSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    warehouse_name = serializers.CharField(source="warehouse.name", read_only=True)

    class Meta:
        model = Stock
        fields = ["id", "warehouse", "warehouse_name", "item", "item_name", "unit", "batch", "on_hand", "reserved",
                  "expires_on", "next_maintenance_on", "updated_at"]
        read_only_fields = fields


class MovementSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    """POST appends one line to the ledger through the ledger's service (入库, 出库, 借用, 归还, 报废, 维护保养,
    回收消杀); a movement that would make stock negative answers 400 with the Chinese reason, nothing written."""

    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in MANUAL_KINDS])
    kind_display = ChoiceDisplayField(source="kind")
    expires_on = serializers.DateField(required=False, allow_null=True, write_only=True)

    class Meta:
        model = Movement
        fields = ["id", "stock", "warehouse", "item", "batch", "kind", "kind_display", "quantity", "delta_on_hand",
                  "delta_reserved", "on_hand_after", "occurred_on", "expires_on", "counterpart", "borrower",
                  "dispatch", "note", "actor", "created_at"]
        read_only_fields = ["stock", "delta_on_hand", "delta_reserved", "on_hand_after", "counterpart", "dispatch",
                            "actor", "created_at"]
        extra_kwargs = {"quantity": {"min_value": 1}}

    def create(self, data):
        from ..services import record_movement

        try:
            return record_movement(actor=self.context["request"].user, **data)
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.message_dict if hasattr(e, "error_dict") else
                                              {"non_field_errors": e.messages})


class RescueTeamSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    status_display = ChoiceDisplayField(source="status")

    class Meta:
        model = RescueTeam
        fields = ["id", "name", "kind", "kind_display", "region", "organisation", "specialties", "headcount",
                  "leader", "leader_phone", "duty_phone", "lon", "lat", "status", "status_display", "note",
                  "voided_at", "void_reason"]
        read_only_fields = ["status", "voided_at", "void_reason"]


class ExpertSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    field_display = ChoiceDisplayField(source="field")

    class Meta:
        model = Expert
        fields = ["id", "name", "field", "field_display", "title", "organisation", "speciality", "phone", "region",
                  "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class ShelterSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    status_display = ChoiceDisplayField(source="status")

    class Meta:
        model = Shelter
        fields = ["id", "name", "kind", "kind_display", "level", "region", "address", "lon", "lat", "capacity",
                  "area_m2", "facilities", "manager", "manager_phone", "status", "status_display", "occupancy",
                  "voided_at", "void_reason"]
        read_only_fields = ["occupancy", "voided_at", "void_reason"]
    def validate(self, data):
        capacity = data.get("capacity")
        if self.instance is not None and capacity is not None and capacity < self.instance.occupancy:
            raise serializers.ValidationError({"capacity": _("容纳人数不能少于当前安置人数（%(n)s人）") % {
                "n": self.instance.occupancy}})
        return data


class DispatchSerializer(serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    state_display = ChoiceDisplayField(source="state")

    class Meta:
        model = Dispatch
        fields = ["id", "kind", "kind_display", "state", "state_display", "region", "lon", "lat", "task", "team",
                  "stock", "shelter", "quantity", "distance_km", "dispatched_at", "returned_at", "consumed"]
        read_only_fields = fields
