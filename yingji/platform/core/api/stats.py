"""The base of every module's statistics endpoint: ?start=&end=&region=, scoped, JSON with the bureaus' phrasing."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from yingji.platform.core.periods import read_period
from yingji.platform.core.stats import parameters_for, read_extra


class PeriodStatsViewSet(viewsets.GenericViewSet):
    """A subclass names its `queryset` (whose view permission it needs) and `compute(user, start, end, region)`.

    Bad dates answer 400 and a region outside the user's scope 404, in the API's error format; the period names
    some endpoints took before (date_from, date_to) answer 400 naming start and end. The HTML statistics pages read
    their parameters the same way (yingji.platform.core.stats.PeriodStatsView).
    """

    queryset = None
    # StatsParameter objects (yingji.platform.core.stats), passed to compute() by name; None: the registered ones
    # the model declares in stats_filters (专项行动 ?campaign=, 来源 ?source=), as on the HTML pages
    extra_params = None
    action_permissions = {"list": "view"}
    pagination_class = None
    filter_backends = []

    def get_queryset_model(self):
        return self.queryset.model

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, description="开始日期（默认今年1月1日）"),
        OpenApiParameter("end", OpenApiTypes.DATE, description="结束日期（默认今天）"),
        OpenApiParameter("region", OpenApiTypes.STR, description="区划ID或12位区划代码（网格15位；默认本人管辖区划，含下级）"),
        OpenApiParameter("campaign", OpenApiTypes.INT, description="专项行动ID：只统计归属该专项行动的记录（适用的统计）"),
        OpenApiParameter("source", OpenApiTypes.STR, description="来源：self_inspection 企业自查、department 部门检查、"
                         "bureau 本局执法检查、supervision 督导检查、grid 网格巡查、public_report 群众举报（适用的统计）"),
    ])
    def list(self, request):
        start, end, region = read_period(request.user, request.query_params)
        extra_params = (parameters_for(self.get_queryset_model()) if self.extra_params is None
                        else list(self.extra_params))
        extra = read_extra(request.user, request.query_params, extra_params)
        return Response(self.compute(request.user, start, end, region, **extra))
