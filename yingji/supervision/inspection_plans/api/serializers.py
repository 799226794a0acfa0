from rest_framework import serializers

from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..models import InspectionPlan, PlanFrequency
from ..services import plan_progress


class PlanFrequencySerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanFrequency
        fields = ["risk_grade", "times_per_year"]


class InspectionPlanSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    frequencies = PlanFrequencySerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPlan
        fields = ["id", "name", "year", "region", "notes", "frequencies", "progress", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]

    def get_progress(self, obj):
        view = self.context.get("view")
        if getattr(view, "action", None) == "list":
            return None  # computed per plan on its own page and record, not for every row of a list
        return plan_progress(obj)
