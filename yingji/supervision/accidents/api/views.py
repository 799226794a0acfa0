from yingji.platform.core.api.stats import PeriodStatsViewSet
from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import AccidentFilterSet, AccidentInvestigationFilterSet, AccidentReportFilterSet
from ..models import Accident, AccidentInvestigation, AccidentReport
from ..stats import accident_stats
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


class AccidentStatsViewSet(PeriodStatsViewSet):
    """事故统计: counts, deaths, missing, injuries and loss by sector and grade, with 同比 and the bureaus' phrases.

    `results` lists the 较大及以上 accidents of the period (the ones a report names one by one).
    """

    queryset = Accident.objects.all()

    def compute(self, user, start, end, region):
        return accident_stats(user, start, end, region)
