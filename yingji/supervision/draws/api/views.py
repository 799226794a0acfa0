from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import DrawFilterSet
from ..models import Draw
from .serializers import DrawSerializer


class DrawViewSet(ScopedModelViewSet):
    queryset = Draw.objects.prefetch_related("items__enterprise", "items__inspectors")
    serializer_class = DrawSerializer
    filterset_class = DrawFilterSet
    ordering = ["-drawn_on", "-id"]
    http_method_names = ["get", "post", "head", "options"]
