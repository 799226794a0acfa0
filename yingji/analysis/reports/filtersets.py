import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import reports as registry
from yingji.platform.core.filtersets import BaseFilterSet

from .choices import BaselineIndicator
from .models import BaselineFigure, ReportNarrative


class ReportNarrativeFilterSet(BaseFilterSet):
    search_fields = ("text", "region__name")

    year = django_filters.NumberFilter(label=_("年度"))
    section = django_filters.ChoiceFilter(label=_("报告章节"), choices=registry.section_choices)
    region_code = django_filters.CharFilter(label=_("区划代码"), field_name="region__code")

    class Meta:
        model = ReportNarrative
        fields = ["year", "section", "region_code"]


class BaselineFigureFilterSet(BaseFilterSet):
    search_fields = ("source", "region__name")

    year = django_filters.NumberFilter(label=_("年度"))
    indicator = django_filters.ChoiceFilter(label=_("指标"), choices=BaselineIndicator.choices)
    region_code = django_filters.CharFilter(label=_("区划代码"), field_name="region__code")

    class Meta:
        model = BaselineFigure
        fields = ["year", "indicator", "region_code"]
