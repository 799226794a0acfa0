import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter, TownshipFilter, by_stats_parameter

from .choices import KeyPersonRole, OperatingStatus, RiskGrade, Sector, Size, SubSector
from .models import (
    EXPIRY_WARNING_DAYS,
    Enterprise,
    HazardChemical,
    KeyPerson,
    MajorHazardSource,
    supervising_departments_for,
)
from .pickers import EnterprisePicker


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter reads 全部/是/否 (Django's own select says 未知 for "no filter")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("全部")), ("true", _("是")), ("false", _("否"))]


def departments_for(request):
    """The 行业主管部门 an enterprise may be filed under (wider than the user's scope: a township officer files
    under the county's departments), the same choices as the edit form's."""
    return supervising_departments_for(getattr(request, "user", None)).order_by("name")


def _campaigns(request):
    from yingji.supervision.campaigns.models import Campaign

    return Campaign.objects.restrict(getattr(request, "user", None), "view").active()


class EnterpriseFilterSet(BaseFilterSet):
    search_fields = ("name", "credit_code", "address", "principal_name")

    sector = django_filters.ChoiceFilter(label=_("行业类别"), choices=Sector.choices)
    subsector = django_filters.ChoiceFilter(label=_("工贸细分行业"), choices=SubSector.choices)
    risk_grade = django_filters.ChoiceFilter(label=_("风险等级"), choices=RiskGrade.choices)
    status = django_filters.ChoiceFilter(label=_("经营状态"), choices=OperatingStatus.choices)
    size = django_filters.ChoiceFilter(label=_("企业规模"), choices=Size.choices)
    township = TownshipFilter()
    region = RegionFilter()
    supervising_department = django_filters.ModelChoiceFilter(label=_("行业主管部门"), queryset=departments_for)
    insurance_expiring = django_filters.BooleanFilter(label=_("安责险即将到期/已过期"), method="filter_insurance",
                                                      widget=AllYesNoSelect)
    # enterprises filed (建档) in a period, by their 建档 date
    filed_after = django_filters.DateFilter(label=_("建档日期起"), field_name="filed_on", lookup_expr="gte",
                                            widget=forms.DateInput(attrs={"type": "date"}))
    filed_before = django_filters.DateFilter(label=_("建档日期止"), field_name="filed_on", lookup_expr="lte",
                                             widget=forms.DateInput(attrs={"type": "date"}))
    campaign = django_filters.ModelChoiceFilter(label=_("专项行动纳入"), queryset=_campaigns,
                                                method=by_stats_parameter)

    class Meta:
        model = Enterprise
        fields = ["sector", "subsector", "risk_grade", "status", "size", "township", "supervising_department"]

    def filter_insurance(self, queryset, name, value):
        if value is None:
            return queryset
        limit = timezone.localdate() + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        expiring = queryset.filter(insurance_expiry__lte=limit)
        return expiring if value else queryset.exclude(pk__in=expiring.values("pk"))


class KeyPersonFilterSet(BaseFilterSet):
    search_fields = ("name", "certificate_no", "enterprise__name")

    role = django_filters.ChoiceFilter(label=_("人员类别"), choices=KeyPersonRole.choices)
    enterprise = django_filters.NumberFilter(label=_("企业"), field_name="enterprise_id", widget=EnterprisePicker)
    township = TownshipFilter(path="enterprise__region")
    certificate_expiring = django_filters.BooleanFilter(label=_("证书即将到期/已过期"), method="filter_expiring",
                                                        widget=AllYesNoSelect)

    class Meta:
        model = KeyPerson
        fields = ["role", "enterprise", "township"]

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        limit = timezone.localdate() + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        expiring = queryset.filter(certificate_expiry__lte=limit)
        return expiring if value else queryset.exclude(pk__in=expiring.values("pk"))


class MajorHazardSourceFilterSet(BaseFilterSet):
    search_fields = ("name", "chemicals", "enterprise__name", "record_no")

    level = django_filters.NumberFilter(label=_("等级（1~4）"))
    enterprise = django_filters.NumberFilter(label=_("企业"), field_name="enterprise_id", widget=EnterprisePicker)
    township = TownshipFilter(path="enterprise__region")
    chemical = django_filters.CharFilter(label=_("危险化学品（名称或 CAS 号）"), method="filter_chemical")

    class Meta:
        model = MajorHazardSource
        fields = ["level", "enterprise", "township"]

    def filter_chemical(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        rows = HazardChemical.objects.filter(voided_at__isnull=True).filter(
            Q(name__icontains=value) | Q(cas_no=value)).values("source_id")
        return queryset.filter(Q(pk__in=rows) | Q(chemicals__icontains=value))


class HazardChemicalFilterSet(BaseFilterSet):
    search_fields = ("name", "cas_no", "source__name", "source__enterprise__name")

    source = django_filters.NumberFilter(label=_("重大危险源编号"), field_name="source_id")
    enterprise = django_filters.NumberFilter(label=_("企业"), field_name="source__enterprise_id",
                                             widget=EnterprisePicker)
    township = TownshipFilter(path="source__enterprise__region")

    class Meta:
        model = HazardChemical
        fields = ["source", "enterprise", "township"]

