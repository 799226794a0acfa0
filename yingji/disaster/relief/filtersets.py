import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter

from .choices import FundKind, FundLevel, ReliefCategory
from .models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment


class ReliefFundFilterSet(BaseFilterSet):
    search_fields = ("name", "document_no", "goods_name")

    level = django_filters.ChoiceFilter(label=_("资金级别"), choices=FundLevel.choices)
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=FundKind.choices)
    category = django_filters.ChoiceFilter(label=_("用途"), choices=ReliefCategory.choices)
    received_after = django_filters.DateFilter(label=_("到账日期自"), field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(label=_("到账日期至"), field_name="received_on", lookup_expr="lte")
    region = RegionFilter()

    class Meta:
        model = ReliefFund
        fields = ["level", "kind", "category"]


class ReliefPaymentFilterSet(BaseFilterSet):
    # ID numbers and phones are not searchable: a search would reveal them digit by digit
    search_fields = ("recipient_name", "fund__name")

    fund = django_filters.NumberFilter(label=_("款物批次编号"), field_name="fund_id")
    category = django_filters.ChoiceFilter(label=_("救助类别"), choices=ReliefCategory.choices)
    paid_after = django_filters.DateFilter(label=_("发放日期自"), field_name="paid_on", lookup_expr="gte")
    paid_before = django_filters.DateFilter(label=_("发放日期至"), field_name="paid_on", lookup_expr="lte")
    region = RegionFilter()

    class Meta:
        model = ReliefPayment
        fields = ["category"]


class HousingInsurancePolicyFilterSet(BaseFilterSet):
    search_fields = ("insurer", "policy_no")

    year = django_filters.NumberFilter(label=_("保险年度"))
    region = RegionFilter()

    class Meta:
        model = HousingInsurancePolicy
        fields = ["year"]


class HousingInsuranceClaimFilterSet(BaseFilterSet):
    search_fields = ("household_name",)

    policy = django_filters.NumberFilter(label=_("保单编号"), field_name="policy_id")
    paid_after = django_filters.DateFilter(label=_("赔付日期自"), field_name="paid_on", lookup_expr="gte")
    paid_before = django_filters.DateFilter(label=_("赔付日期至"), field_name="paid_on", lookup_expr="lte")
    region = RegionFilter()

    class Meta:
        model = HousingInsuranceClaim
        fields = []
