import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet

from .choices import LogKind, Origin, PostCode
from .models import DutyChange, DutyLog, DutyPost, Handover, Shift


class DutyPostFilterSet(BaseFilterSet):
    search_fields = ("name",)
    code = django_filters.ChoiceFilter(label=_("岗位"), choices=PostCode.choices)

    class Meta:
        model = DutyPost
        fields = ["code"]


class ShiftFilterSet(BaseFilterSet):
    search_fields = ("person__full_name", "person__username")
    origin = django_filters.ChoiceFilter(label=_("来源"), choices=Origin.choices)
    on = django_filters.DateFilter(label=_("日期"), method="filter_on")
    history = django_filters.BooleanFilter(label=_("含已被替代的班次"), method="filter_history")

    class Meta:
        model = Shift
        fields = ["origin"]

    def filter_queryset(self, queryset):
        qs = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("history"):
            qs = qs.filter(superseded_at__isnull=True)
        return qs

    def filter_on(self, queryset, name, value):

        from yingji.platform.core.periods import local_bounds

        lo, hi = local_bounds(value, value)
        return queryset.filter(start__lt=hi, end__gt=lo) if value else queryset

    def filter_history(self, queryset, name, value):
        return queryset


class DutyChangeFilterSet(BaseFilterSet):
    search_fields = ("reason",)
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=Origin.choices)

    class Meta:
        model = DutyChange
        fields = ["kind"]


class HandoverFilterSet(BaseFilterSet):
    search_fields = ("summary",)

    class Meta:
        model = Handover
        fields = []


class DutyLogFilterSet(BaseFilterSet):
    search_fields = ("counterpart", "content", "handling")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=LogKind.choices)

    class Meta:
        model = DutyLog
        fields = ["kind"]
