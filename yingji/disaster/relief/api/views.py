from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.supervision.accidents.periods import parse_period
from yingji.supervision.accidents.stats import resolve_region

from ..filtersets import (HousingInsuranceClaimFilterSet, HousingInsurancePolicyFilterSet, ReliefFundFilterSet,
                          ReliefPaymentFilterSet)
from ..models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment
from ..stats import relief_stats
from .serializers import (HousingInsuranceClaimSerializer, HousingInsurancePolicySerializer, ReliefFundSerializer,
                          ReliefPaymentSerializer)


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
    personal_fields = ("id_number", "phone")
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
    personal_fields = ("id_number", "phone")
    ordering_fields = ["paid_on", "amount"]
    ordering = ["-paid_on", "-id"]


class ReliefStatsViewSet(viewsets.GenericViewSet):
    """救助统计: "救助X人次，发放Y万元" by category for a period, and the money received by level.

    `results` lists the batches of funds and goods received in the period.
    """

    queryset = ReliefFund.objects.all()
    action_permissions = {"list": "view"}
    pagination_class = None
    filter_backends = []

    def get_queryset_model(self):
        return ReliefFund

    @extend_schema(summary="救助统计", responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, description="开始日期（默认今年1月1日）"),
        OpenApiParameter("end", OpenApiTypes.DATE, description="结束日期（默认今天）"),
        OpenApiParameter("region", OpenApiTypes.STR, description="区划ID或12位区划代码（默认本人管辖区划，含下级）"),
    ])
    def list(self, request):
        start, end = parse_period(request.query_params.get("start"), request.query_params.get("end"))
        region = resolve_region(request.user, request.query_params.get("region"))
        return Response(relief_stats(request.user, start, end, region))
