from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import ReportNarrativeFilterSet
from ..models import ReportNarrative
from .serializers import ReportNarrativeSerializer


class ReportNarrativeViewSet(ScopedModelViewSet):
    queryset = ReportNarrative.objects.select_related("region")
    serializer_class = ReportNarrativeSerializer
    filterset_class = ReportNarrativeFilterSet
    ordering_fields = ["year", "section", "updated_at"]
    ordering = ["-year", "section"]
