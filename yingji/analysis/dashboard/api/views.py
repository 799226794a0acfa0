from drf_spectacular.utils import extend_schema, extend_schema_view

from yingji.platform.core import dashboard
from yingji.platform.core.api.stats import PeriodStatsViewSet
from yingji.supervision.enterprises.models import Enterprise

from ..stats import dashboard_stats


@extend_schema_view(list=extend_schema(summary="安全监管统计（同比）"))
class SupervisionStatsViewSet(PeriodStatsViewSet):
    """安全监管统计: enterprises, inspections, hazards and enforcement of a period (同比), with the URL of the records
    behind each figure; the same figures as the dashboard page, from the domains' dashboard contributions."""

    queryset = Enterprise.objects.all()

    @property
    def extra_params(self):
        return dashboard.parameters()

    def compute(self, user, start, end, region, **params):
        return dashboard_stats(user, start, end, region, **params)
