from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import EnterpriseFilterSet, KeyPersonFilterSet, MajorHazardSourceFilterSet
from ..models import Enterprise, KeyPerson, MajorHazardSource
from .serializers import EnterpriseSerializer, KeyPersonSerializer, MajorHazardSourceSerializer


class EnterpriseViewSet(ScopedModelViewSet):
    queryset = Enterprise.objects.select_related("region", "supervising_department")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["name", "credit_code", "risk_grade", "created_at"]
    ordering = ["name"]


class KeyPersonViewSet(ScopedModelViewSet):
    queryset = KeyPerson.objects.select_related("enterprise")
    serializer_class = KeyPersonSerializer
    filterset_class = KeyPersonFilterSet
    ordering_fields = ["name", "certificate_expiry"]
    ordering = ["certificate_expiry", "id"]


class MajorHazardSourceViewSet(ScopedModelViewSet):
    queryset = MajorHazardSource.objects.select_related("enterprise")
    serializer_class = MajorHazardSourceSerializer
    filterset_class = MajorHazardSourceFilterSet
    ordering_fields = ["name", "level"]
    ordering = ["level", "id"]
