import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter, TownshipFilter, by_stats_parameter
from yingji.supervision.campaigns.models import Campaign
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.pickers import EnterprisePicker

from .choices import HazardCategory, HazardLevel, HazardSource, HazardState, SupervisionLevel
from .models import Hazard


class HazardFilterSet(BaseFilterSet):
    search_fields = ("ledger_no", "description", "enterprise__name", "responsible_person")

    state = django_filters.ChoiceFilter(label=_("状态"), choices=HazardState.choices)
    level = django_filters.ChoiceFilter(label=_("隐患级别"), choices=HazardLevel.choices)
    source = django_filters.ChoiceFilter(label=_("隐患来源"), choices=HazardSource.choices)
    category = django_filters.ChoiceFilter(label=_("隐患类别"), choices=HazardCategory.choices)
    sector = django_filters.ChoiceFilter(label=_("行业类别"), choices=Sector.choices, field_name="enterprise__sector")
    overdue = django_filters.BooleanFilter(label=_("逾期未整改"), method="filter_overdue")
    supervision_level = django_filters.ChoiceFilter(label=_("挂牌督办"), choices=SupervisionLevel.choices)
    supervised = django_filters.BooleanFilter(label=_("挂牌督办（任一级别）"), method="filter_supervised")
    campaign = django_filters.ModelChoiceFilter(label=_("专项行动"), queryset=Campaign.objects.all(),
                                                method=by_stats_parameter)
    township = TownshipFilter()
    region = RegionFilter()
    enterprise = django_filters.NumberFilter(label=_("企业"), field_name="enterprise_id", widget=EnterprisePicker)
    enterprise_name = django_filters.CharFilter(label=_("企业名称"), field_name="enterprise__name",
                                                lookup_expr="icontains")
    found_after = django_filters.DateFilter(label=_("发现日期起"), field_name="found_on", lookup_expr="gte",
                                         widget=forms.DateInput(attrs={"type": "date"}))
    found_before = django_filters.DateFilter(label=_("发现日期止"), field_name="found_on", lookup_expr="lte",
                                          widget=forms.DateInput(attrs={"type": "date"}))
    # 销号 is the acceptance (accept_hazard sets closed_at): the day is the local calendar day of closed_at
    closed_after = django_filters.DateFilter(label=_("销号日期起"), method="filter_closed_after",
                                             widget=forms.DateInput(attrs={"type": "date"}))
    closed_before = django_filters.DateFilter(label=_("销号日期止"), method="filter_closed_before",
                                              widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Hazard
        fields = ["state", "level", "source", "category", "supervision_level"]

    def filter_supervised(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.supervised() if value else queryset.filter(supervision_level="")

    def filter_closed_after(self, queryset, name, value):
        return queryset.filter(closed_at__gte=_start_of(value))

    def filter_closed_before(self, queryset, name, value):
        return queryset.filter(closed_at__lt=_start_of(min(value, _LATEST) + datetime.timedelta(days=1)))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.overdue()
        today = timezone.localdate()
        return queryset.exclude(pk__in=queryset.model.objects.filter(deadline__lt=today)
                                .exclude(state=HazardState.CLOSED).values("pk"))


# closed_at is the 销号's real time, never in the future nor before the hazard was found, so no hazard is closed
# outside these years; clamping keeps 0001-01-01 or
# 9999-12-31 from overflowing the datetime arithmetic (a 500) without changing which hazards match
_EARLIEST, _LATEST = datetime.date(1900, 1, 1), datetime.date(9000, 1, 1)


def _start_of(day):
    """Midnight of `day` in the bureau's time zone: a range on closed_at itself keeps its index usable."""
    day = min(max(day, _EARLIEST), _LATEST)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
