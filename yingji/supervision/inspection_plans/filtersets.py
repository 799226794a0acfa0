from yingji.platform.core.filtersets import BaseFilterSet

from .models import InspectionPlan


class InspectionPlanFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = InspectionPlan
        fields = ["year"]
