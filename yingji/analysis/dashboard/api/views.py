from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from yingji.platform.core.api.errors import bad_request
from yingji.supervision.enterprises.models import Enterprise

from ..stats import ParamError, dashboard_stats, parse_params


class SupervisionStatsViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """安全监管统计: enterprises, inspections, hazards and enforcement of a period (同比), with the URL of the records
    behind each figure; the same figures as the dashboard page."""

    queryset = Enterprise.objects.all()
    action_permissions = {"list": "view"}
    pagination_class = None
    filter_backends = []

    def get_queryset_model(self):
        return Enterprise

    @extend_schema(summary="安全监管统计（同比）", responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("date_from", OpenApiTypes.DATE, description="开始日期 YYYY-MM-DD（默认本年1月1日）"),
        OpenApiParameter("date_to", OpenApiTypes.DATE, description="结束日期 YYYY-MM-DD（默认今天）"),
        OpenApiParameter("region", OpenApiTypes.STR, description="12位区划代码（默认本人管辖范围）"),
        OpenApiParameter("campaign", OpenApiTypes.INT, description="专项行动编号（只作用于检查统计）")])
    def list(self, request, *args, **kwargs):
        try:
            date_from, date_to, region, campaign = parse_params(request.user, request.query_params)
        except ParamError as e:
            return bad_request(str(e), {e.field: [str(e)]})
        return Response(dashboard_stats(request.user, date_from, date_to, region, campaign))
