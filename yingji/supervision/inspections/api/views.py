from drf_spectacular.utils import extend_schema, extend_schema_view

from yingji.platform.core.api.stats import PeriodStatsViewSet
from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import (
    ChecklistTemplateFilterSet,
    InspectionFilterSet,
    InspectorCertificateFilterSet,
    SupervisionNoticeFilterSet,
    SupervisionVisitFilterSet,
)
from ..models import (
    ChecklistTemplate,
    Inspection,
    InspectorCertificate,
    SupervisionNotice,
    SupervisionVisit,
)
from ..stats import inspection_stats
from .serializers import (
    ChecklistTemplateSerializer,
    InspectionSerializer,
    InspectorCertificateSerializer,
    SupervisionNoticeSerializer,
    SupervisionVisitSerializer,
)


class InspectionViewSet(ScopedModelViewSet):
    queryset = Inspection.objects.select_related("enterprise", "region").prefetch_related("inspectors", "hazards")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["inspected_on", "created_at"]
    ordering = ["-inspected_on", "-id"]




class InspectorCertificateViewSet(ScopedModelViewSet):
    queryset = InspectorCertificate.objects.select_related("user")
    serializer_class = InspectorCertificateSerializer
    filterset_class = InspectorCertificateFilterSet
    ordering = ["user__username", "id"]


class ChecklistTemplateViewSet(ScopedModelViewSet):
    queryset = ChecklistTemplate.objects.prefetch_related("items")
    serializer_class = ChecklistTemplateSerializer
    filterset_class = ChecklistTemplateFilterSet
    ordering = ["sector", "id"]


class SupervisionVisitViewSet(ScopedModelViewSet):
    queryset = SupervisionVisit.objects.select_related("organisation").prefetch_related("team")
    serializer_class = SupervisionVisitSerializer
    filterset_class = SupervisionVisitFilterSet
    ordering = ["-visited_on", "-id"]


class SupervisionNoticeViewSet(ScopedModelViewSet):
    queryset = SupervisionNotice.objects.prefetch_related("visits")
    serializer_class = SupervisionNoticeSerializer
    filterset_class = SupervisionNoticeFilterSet
    ordering = ["-issued_on", "-id"]


@extend_schema_view(list=extend_schema(summary="监督检查统计"))
class InspectionStatsViewSet(PeriodStatsViewSet):
    """Inspections and places inspected for a period, region, campaign and source, by kind and sector, with 同比.

    The period and region parameters are those of every statistics endpoint (?start=&end=&region=; the names this
    endpoint took before, date_from and date_to, are refused with 400 by PeriodStatsViewSet); ?campaign= and
    ?source= are the registered statistics parameters Inspection declares (core.stats).
    """

    queryset = Inspection.objects.all()

    def compute(self, user, start, end, region, **params):
        return inspection_stats(user, start, end, region=region, **params)

