from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import AccidentFilterSet, AccidentInvestigationFilterSet, AccidentReportFilterSet
from ..models import Accident, AccidentInvestigation, AccidentReport
from ..periods import parse_period
from ..stats import accident_stats, resolve_region
from .serializers import AccidentInvestigationSerializer, AccidentReportSerializer, AccidentSerializer


class AccidentViewSet(ScopedModelViewSet):
    queryset = Accident.objects.select_related("region")
    serializer_class = AccidentSerializer
    filterset_class = AccidentFilterSet
    ordering_fields = ["occurred_at", "deaths", "direct_loss", "grade"]
    ordering = ["-occurred_at", "-id"]


class AccidentReportViewSet(ScopedModelViewSet):
    queryset = AccidentReport.objects.select_related("accident")
    serializer_class = AccidentReportSerializer
    filterset_class = AccidentReportFilterSet
    ordering_fields = ["reported_at", "deadline"]
    ordering = ["-reported_at", "-id"]


class AccidentInvestigationViewSet(ScopedModelViewSet):
    queryset = AccidentInvestigation.objects.select_related("accident")
    serializer_class = AccidentInvestigationSerializer
    filterset_class = AccidentInvestigationFilterSet
    ordering_fields = ["started_on", "approved_on"]
    ordering = ["-started_on", "-id"]


class AccidentStatsViewSet(viewsets.GenericViewSet):
    """事故统计: counts, deaths, missing, injuries and loss by sector and grade, with 同比 and the bureaus' phrases.

    `results` lists the 较大及以上 accidents of the period (the ones a report names one by one).
    """

    queryset = Accident.objects.all()
    action_permissions = {"list": "view"}
    pagination_class = None
    filter_backends = []

    def get_queryset_model(self):
        return Accident

    @extend_schema(summary="事故统计（同比）", responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, description="开始日期（默认今年1月1日）"),
        OpenApiParameter("end", OpenApiTypes.DATE, description="结束日期（默认今天）"),
        OpenApiParameter("region", OpenApiTypes.STR, description="区划ID或12位区划代码（默认本人管辖区划，含下级）"),
    ])
    def list(self, request):
        start, end = parse_period(request.query_params.get("start"), request.query_params.get("end"))
        region = resolve_region(request.user, request.query_params.get("region"))
        return Response(accident_stats(request.user, start, end, region))
