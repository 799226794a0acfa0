import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet

from .choices import DayKind
from .models import CalendarDay


class CalendarDayFilterSet(BaseFilterSet):
    search_fields = ("holiday", "basis", "note")

    year = django_filters.NumberFilter(label=_("年度"), field_name="date", lookup_expr="year")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=DayKind.choices)

    class Meta:
        model = CalendarDay
        fields = ["year", "kind"]
