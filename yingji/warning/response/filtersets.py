import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, TownshipFilter

from .choices import PlanType, ResponseLevel, ResponseState, StepState
from .models import EmergencyResponse, ForecastStep


class ResponseFilterSet(BaseFilterSet):
    search_fields = ("reason", "decided_by")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ResponseState.choices)
    plan_type = django_filters.ChoiceFilter(label=_("预案类型"), choices=PlanType.choices)
    level = django_filters.TypedChoiceFilter(label=_("响应级别"), choices=ResponseLevel.choices, coerce=int)
    township = TownshipFilter()
    started_after = django_filters.DateFilter(label=_("启动日期起"), field_name="started_at", lookup_expr="date__gte")
    started_before = django_filters.DateFilter(label=_("启动日期止"), field_name="started_at", lookup_expr="date__lte")

    class Meta:
        model = EmergencyResponse
        fields = ["state", "plan_type", "level"]


class StepFilterSet(BaseFilterSet):
    search_fields = ("message",)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=StepState.choices)

    class Meta:
        model = ForecastStep
        fields = ["state"]
