import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet

from .choices import DrawStatus
from .models import Draw


class DrawFilterSet(BaseFilterSet):
    search_fields = ("title",)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DrawStatus.choices)
    year = django_filters.NumberFilter(label=_("年度"), field_name="drawn_on", lookup_expr="year")

    class Meta:
        model = Draw
        fields = ["status", "year"]
