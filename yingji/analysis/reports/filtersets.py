import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import reports as registry
from yingji.platform.core.filtersets import BaseFilterSet

from .models import ReportNarrative


class ReportNarrativeFilterSet(BaseFilterSet):
    search_fields = ("text", "region__name")

    year = django_filters.NumberFilter(label=_("年度"))
    section = django_filters.ChoiceFilter(label=_("报告章节"), choices=registry.section_choices)
    region_code = django_filters.CharFilter(label=_("区划代码"), field_name="region__code")

    class Meta:
        model = ReportNarrative
        fields = ["year", "section", "region_code"]
