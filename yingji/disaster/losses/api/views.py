from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from yingji.platform.core.api.stats import PeriodStatsViewSet
from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import DisasterEventFilterSet, LossReportFilterSet
from ..models import DisasterEvent, LossReport
from ..services import county_rollup
from ..stats import disaster_stats
from .serializers import DisasterEventSerializer, LossReportSerializer


class DisasterEventViewSet(ScopedModelViewSet):
    queryset = DisasterEvent.objects.select_related("region").prefetch_related("townships")
    serializer_class = DisasterEventSerializer
    filterset_class = DisasterEventFilterSet
    ordering_fields = ["started_at", "name"]
    ordering = ["-started_at", "-id"]

    @extend_schema(summary="灾情汇总（各乡镇最新一次报告之和）", responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def rollup(self, request, pk=None):
        return Response(county_rollup(self.get_object(), request.user))


class LossReportViewSet(ScopedModelViewSet):
    queryset = LossReport.objects.select_related("region")
    serializer_class = LossReportSerializer
    filterset_class = LossReportFilterSet
    ordering_fields = ["reported_at", "direct_loss"]
    ordering = ["-reported_at", "-id"]


class DisasterStatsViewSet(PeriodStatsViewSet):
    """灾情统计: events and the national indicators for a period and region, with 同比 and the bureaus' phrasing.

    `results` lists the period's disaster events.
    """

    queryset = DisasterEvent.objects.all()

    def compute(self, user, start, end, region):
        return disaster_stats(user, start, end, region)
