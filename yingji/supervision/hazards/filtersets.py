import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet
from yingji.platform.regions.models import Region
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.filtersets import filter_township, townships_for

from .choices import HazardCategory, HazardLevel, HazardSource, HazardState, SupervisionLevel
from .models import Hazard


class HazardFilterSet(BaseFilterSet):
    search_fields = ("description", "enterprise__name", "responsible_person")

    state = django_filters.ChoiceFilter(label=_("状态"), choices=HazardState.choices)
    level = django_filters.ChoiceFilter(label=_("隐患级别"), choices=HazardLevel.choices)
    source = django_filters.ChoiceFilter(label=_("隐患来源"), choices=HazardSource.choices)
    category = django_filters.ChoiceFilter(label=_("隐患类别"), choices=HazardCategory.choices)
    sector = django_filters.ChoiceFilter(label=_("行业类别"), choices=Sector.choices, field_name="enterprise__sector")
    overdue = django_filters.BooleanFilter(label=_("逾期未整改"), method="filter_overdue")
    supervision_level = django_filters.ChoiceFilter(label=_("挂牌督办"), choices=SupervisionLevel.choices)
    township = django_filters.ModelChoiceFilter(label=_("乡镇（街道）"), queryset=Region.objects.none(),
                                                method="filter_township")
    enterprise = django_filters.NumberFilter(label=_("企业编号"), field_name="enterprise_id")
    enterprise_name = django_filters.CharFilter(label=_("企业名称"), field_name="enterprise__name",
                                                lookup_expr="icontains")
    found_after = django_filters.DateFilter(label=_("发现日期起"), field_name="found_on", lookup_expr="gte",
                                         widget=forms.DateInput(attrs={"type": "date"}))
    found_before = django_filters.DateFilter(label=_("发现日期止"), field_name="found_on", lookup_expr="lte",
                                          widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Hazard
        fields = ["state", "level", "source", "category", "supervision_level"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["township"].queryset = townships_for(request)

    def filter_township(self, queryset, name, value):
        return filter_township(queryset, "region", value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.overdue()
        today = timezone.localdate()
        return queryset.exclude(pk__in=queryset.model.objects.filter(deadline__lt=today)
                                .exclude(state=HazardState.CLOSED).values("pk"))
