from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.supervision.accidents.periods import parse_period
from yingji.supervision.accidents.stats import resolve_region

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


class DisasterStatsViewSet(viewsets.GenericViewSet):
    """灾情统计: events and the national indicators for a period and region, with 同比 and the bureaus' phrasing.

    `results` lists the period's disaster events.
    """

    queryset = DisasterEvent.objects.all()
    action_permissions = {"list": "view"}
    pagination_class = None
    filter_backends = []

    def get_queryset_model(self):
        return DisasterEvent

    @extend_schema(summary="灾情统计（同比）", responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, description="开始日期（默认今年1月1日）"),
        OpenApiParameter("end", OpenApiTypes.DATE, description="结束日期（默认今天）"),
        OpenApiParameter("region", OpenApiTypes.STR, description="区划ID或12位区划代码（默认本人管辖区划，含下级）"),
    ])
    def list(self, request):
        start, end = parse_period(request.query_params.get("start"), request.query_params.get("end"))
        region = resolve_region(request.user, request.query_params.get("region"))
        return Response(disaster_stats(request.user, start, end, region))
