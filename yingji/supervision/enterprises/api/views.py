from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import (
    EnterpriseFilterSet,
    HazardChemicalFilterSet,
    KeyPersonFilterSet,
    MajorHazardSourceFilterSet,
)
from ..models import Enterprise, HazardChemical, KeyPerson, MajorHazardSource
from ..views import chemicals_prefetch
from .serializers import (
    EnterpriseSerializer,
    HazardChemicalSerializer,
    KeyPersonSerializer,
    MajorHazardSourceSerializer,
)


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

    def get_queryset(self):
        return super().get_queryset().prefetch_related(chemicals_prefetch(self.request.user))


class HazardChemicalViewSet(ScopedModelViewSet):
    queryset = HazardChemical.objects.select_related("source")
    serializer_class = HazardChemicalSerializer
    filterset_class = HazardChemicalFilterSet
    ordering_fields = ["name", "max_quantity"]
    ordering = ["source", "id"]
