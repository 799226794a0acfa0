from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import EnterpriseFilterSet
from ..models import Enterprise
from .serializers import EnterpriseSerializer


class EnterpriseViewSet(ScopedModelViewSet):
    queryset = Enterprise.objects.select_related("region", "supervising_department")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["name", "credit_code", "risk_grade", "created_at"]
    ordering = ["name"]
