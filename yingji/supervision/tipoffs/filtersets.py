import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, TownshipFilter

from .choices import TipoffChannel, TipoffState
from .models import Tipoff


class TipoffFilterSet(BaseFilterSet):
    # the reporter's name and phone are not searchable: a search would reveal them to users who see them masked
    search_fields = ("description", "place", "enterprise__name")

    state = django_filters.ChoiceFilter(label=_("状态"), choices=TipoffState.choices)
    channel = django_filters.ChoiceFilter(label=_("举报渠道"), choices=TipoffChannel.choices)
    overdue = django_filters.BooleanFilter(label=_("逾期未核查"), method="filter_overdue")
    rewarded = django_filters.BooleanFilter(label=_("已登记奖励"), field_name="reward_amount", lookup_expr="isnull",
                                            exclude=True)
    township = TownshipFilter()
    received_after = django_filters.DateFilter(label=_("受理日期起"), field_name="received_at", lookup_expr="date__gte",
                                               widget=forms.DateInput(attrs={"type": "date"}))
    received_before = django_filters.DateFilter(label=_("受理日期止"), field_name="received_at",
                                                lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Tipoff
        fields = ["state", "channel"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.model.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)
