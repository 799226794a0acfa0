from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import RegionFilterSet
from ..models import Region
from .serializers import RegionSerializer


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    ordering_fields = ["code", "name", "level"]
    ordering = ["code"]
