from rest_framework import serializers

from yingji.platform.core.api.viewsets import ScopedSerializerMixin
from yingji.supervision.enterprises.choices import RiskGrade, Sector

from ..choices import MIN_DRAW_INSPECTORS
from ..models import Draw
from ..services import make_draw


class DrawItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.name")
    inspectors = serializers.SerializerMethodField()

    def get_inspectors(self, item):
        return sorted(u.pk for u in item.inspectors.all())


class DrawSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    """A draw is created from its conditions (write-only fields) and never changed afterwards."""

    items = DrawItemSerializer(many=True, read_only=True)
    count = serializers.IntegerField(write_only=True, min_value=1)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), write_only=True,
                                    required=False)
    risk_grades = serializers.ListField(child=serializers.ChoiceField(choices=RiskGrade.choices), write_only=True,
                                        required=False)
    per_enterprise = serializers.IntegerField(write_only=True, min_value=MIN_DRAW_INSPECTORS, max_value=5,
                                              default=MIN_DRAW_INSPECTORS)
    seed = serializers.IntegerField(required=False, min_value=0, max_value=2 ** 62)

    class Meta:
        model = Draw
        fields = ["id", "title", "region", "campaign", "drawn_on", "seed", "parameters", "pool", "inspector_pool",
                  "conflicts", "status", "published_at", "items", "count", "sectors", "risk_grades",
                  "per_enterprise", "voided_at", "void_reason"]
        read_only_fields = ["drawn_on", "parameters", "pool", "inspector_pool", "conflicts", "status",
                            "published_at", "voided_at", "void_reason"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if getattr(self.context.get("view"), "action", None) == "list":
            # the pools can hold a county's every enterprise: on the record, not on every row of a list
            for key in ("pool", "inspector_pool", "conflicts"):
                data.pop(key, None)
        return data

    def create(self, validated_data):
        return make_draw(actor=validated_data["created_by"], title=validated_data["title"],
                         region=validated_data["region"], count=validated_data["count"],
                         sectors=validated_data.get("sectors", []), risk_grades=validated_data.get("risk_grades", []),
                         per_enterprise=validated_data["per_enterprise"], campaign=validated_data.get("campaign"),
                         seed=validated_data.get("seed"))

    def update(self, instance, validated_data):
        raise serializers.ValidationError({"non_field_errors": ["抽查结果不可修改"]})
