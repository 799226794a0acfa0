import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet

from .choices import Level
from .models import Region


class RegionFilterSet(BaseFilterSet):
    search_fields = ("name", "code")

    level = django_filters.ChoiceFilter(label=_("级别"), choices=Level.choices)
    parent = django_filters.ModelChoiceFilter(label=_("上级区划"), queryset=Region.objects.filter(level__lte=4))
    within = django_filters.CharFilter(label=_("区划代码前缀"), method="filter_within",
                                       help_text=_("如 331003 表示该县及其下级"))

    class Meta:
        model = Region
        fields = ["level", "parent"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["parent"].queryset = Region.objects.restrict(request.user).filter(level__lte=4)

    def filter_within(self, queryset, name, value):
        value = value.strip()
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(code__startswith=value)
