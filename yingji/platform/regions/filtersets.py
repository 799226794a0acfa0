import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter

from .choices import Level
from .models import Region


class RegionFilterSet(BaseFilterSet):
    search_fields = ("name", "code")

    level = django_filters.ChoiceFilter(label=_("级别"), choices=Level.choices)
    parent = django_filters.ModelChoiceFilter(label=_("上级区划"), queryset=Region.objects.filter(level__lte=4))
    region = RegionFilter(path="", label=_("区划（含下级）"))
    within = django_filters.CharFilter(label=_("区划代码前缀"), method="filter_within",
                                       help_text=_("如 331003 表示该县及其下级"))

    class Meta:
        model = Region
        fields = ["level", "parent"]

    def filter_within(self, queryset, name, value):
        value = value.strip()
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(code__startswith=value)
