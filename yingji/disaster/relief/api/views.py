from yingji.platform.core.api.stats import PeriodStatsViewSet
from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import (
    HousingInsuranceClaimFilterSet,
    HousingInsurancePolicyFilterSet,
    ReliefFundFilterSet,
    ReliefPaymentFilterSet,
)
from ..models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment
from ..stats import relief_stats
from .serializers import (
    HousingInsuranceClaimSerializer,
    HousingInsurancePolicySerializer,
    ReliefFundSerializer,
    ReliefPaymentSerializer,
)


class ReliefFundViewSet(ScopedModelViewSet):
    queryset = ReliefFund.objects.select_related("region")
    serializer_class = ReliefFundSerializer
    filterset_class = ReliefFundFilterSet
    ordering_fields = ["received_on", "amount"]
    ordering = ["-received_on", "-id"]


class ReliefPaymentViewSet(ScopedModelViewSet):
    queryset = ReliefPayment.objects.select_related("region")
    serializer_class = ReliefPaymentSerializer
    filterset_class = ReliefPaymentFilterSet
    ordering_fields = ["paid_on", "amount"]
    ordering = ["-paid_on", "-id"]


class HousingInsurancePolicyViewSet(ScopedModelViewSet):
    queryset = HousingInsurancePolicy.objects.select_related("region")
    serializer_class = HousingInsurancePolicySerializer
    filterset_class = HousingInsurancePolicyFilterSet
    ordering_fields = ["year"]
    ordering = ["-year", "id"]


class HousingInsuranceClaimViewSet(ScopedModelViewSet):
    queryset = HousingInsuranceClaim.objects.select_related("region")
    serializer_class = HousingInsuranceClaimSerializer
    filterset_class = HousingInsuranceClaimFilterSet
    ordering_fields = ["paid_on", "amount"]
    ordering = ["-paid_on", "-id"]


class ReliefStatsViewSet(PeriodStatsViewSet):
    """救助统计: "救助X人次，发放Y万元" by category for a period, and the money received by level.

    `results` lists the batches of funds and goods received in the period.
    """

    queryset = ReliefFund.objects.all()

    def compute(self, user, start, end, region):
        return relief_stats(user, start, end, region)
