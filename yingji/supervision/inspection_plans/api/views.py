from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import InspectionPlanFilterSet
from ..models import InspectionPlan
from .serializers import InspectionPlanSerializer


class InspectionPlanViewSet(ScopedModelViewSet):
    queryset = InspectionPlan.objects.prefetch_related("frequencies")
    serializer_class = InspectionPlanSerializer
    filterset_class = InspectionPlanFilterSet
    ordering = ["-year", "id"]
