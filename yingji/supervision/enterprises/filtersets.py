import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.models import Organisation
from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter
from yingji.platform.regions import codes
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

from .choices import KeyPersonRole, OperatingStatus, RiskGrade, Sector, Size, SubSector
from .models import (
    EXPIRY_WARNING_DAYS,
    SUPERVISING_KINDS,
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


def townships_for(request):
    qs = Region.objects.filter(level=Level.TOWNSHIP)
    if request is not None:
        qs = Region.objects.restrict(request.user).filter(level=Level.TOWNSHIP)
    return qs.order_by("code")


def departments_for(request):
    if request is None:
        return Organisation.objects.filter(kind__in=SUPERVISING_KINDS)
    return supervising_departments_for(request.user).order_by("name")


def filter_township(queryset, path, township):
    """Records whose region (at `path`) is the township or one of its villages: one indexed range scan."""
    if township is None:
        return queryset
    lo, hi = codes.subtree_bounds(township.code, township.level)
    return queryset.filter(**{f"{path}__code__gte": lo, f"{path}__code__lte": hi})


class EnterpriseFilterSet(BaseFilterSet):
    search_fields = ("name", "credit_code", "address", "principal_name")

    sector = django_filters.ChoiceFilter(label=_("行业类别"), choices=Sector.choices)
    subsector = django_filters.ChoiceFilter(label=_("工贸细分行业"), choices=SubSector.choices)
    risk_grade = django_filters.ChoiceFilter(label=_("风险等级"), choices=RiskGrade.choices)
    status = django_filters.ChoiceFilter(label=_("经营状态"), choices=OperatingStatus.choices)
    size = django_filters.ChoiceFilter(label=_("企业规模"), choices=Size.choices)
    township = django_filters.ModelChoiceFilter(label=_("乡镇（街道）"), queryset=Region.objects.none(),
                                                method="filter_township")
    region = RegionFilter()
    supervising_department = django_filters.ModelChoiceFilter(label=_("行业主管部门"),
                                                               queryset=Organisation.objects.none())
    insurance_expiring = django_filters.BooleanFilter(label=_("安责险即将到期/已过期"), method="filter_insurance",
                                                      widget=AllYesNoSelect)

    class Meta:
        model = Enterprise
        fields = ["sector", "subsector", "risk_grade", "status", "size", "township", "supervising_department"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["township"].queryset = townships_for(request)
        self.filters["supervising_department"].queryset = departments_for(request)

    def filter_township(self, queryset, name, value):
        return filter_township(queryset, "region", value)

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
    township = django_filters.ModelChoiceFilter(label=_("乡镇（街道）"), queryset=Region.objects.none(),
                                                method="filter_township")
    certificate_expiring = django_filters.BooleanFilter(label=_("证书即将到期/已过期"), method="filter_expiring",
                                                        widget=AllYesNoSelect)

    class Meta:
        model = KeyPerson
        fields = ["role", "enterprise", "township"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["township"].queryset = townships_for(request)

    def filter_township(self, queryset, name, value):
        return filter_township(queryset, "enterprise__region", value)

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
    township = django_filters.ModelChoiceFilter(label=_("乡镇（街道）"), queryset=Region.objects.none(),
                                                method="filter_township")
    chemical = django_filters.CharFilter(label=_("危险化学品（名称或 CAS 号）"), method="filter_chemical")

    class Meta:
        model = MajorHazardSource
        fields = ["level", "enterprise", "township"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["township"].queryset = townships_for(request)

    def filter_township(self, queryset, name, value):
        return filter_township(queryset, "enterprise__region", value)

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
    township = django_filters.ModelChoiceFilter(label=_("乡镇（街道）"), queryset=Region.objects.none(),
                                                method="filter_township")

    class Meta:
        model = HazardChemical
        fields = ["source", "enterprise", "township"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["township"].queryset = townships_for(request)

    def filter_township(self, queryset, name, value):
        return filter_township(queryset, "source__enterprise__region", value)
