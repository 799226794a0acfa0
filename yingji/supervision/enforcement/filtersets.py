import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.models import Organisation
from yingji.platform.core.filtersets import BaseFilterSet

from .choices import CaseState, MeasureKind, Procedure
from .models import EnforcementCase, Measure


class EnforcementCaseFilterSet(BaseFilterSet):
    search_fields = ("number", "title", "enterprise__name", "enterprise__credit_code")

    state = django_filters.MultipleChoiceFilter(label=_("办理状态"), choices=CaseState.choices)
    procedure = django_filters.ChoiceFilter(label=_("程序"), choices=Procedure.choices)
    department = django_filters.ModelChoiceFilter(label=_("处罚机关"), queryset=Organisation.objects.all())
    overdue = django_filters.BooleanFilter(label=_("超期"), method="filter_overdue")
    year = django_filters.NumberFilter(label=_("立案年度"), field_name="year")
    filed_after = django_filters.DateFilter(label=_("立案日期起"), field_name="filed_on", lookup_expr="gte")
    filed_before = django_filters.DateFilter(label=_("立案日期止"), field_name="filed_on", lookup_expr="lte")

    class Meta:
        model = EnforcementCase
        fields = ["state", "procedure", "department", "year"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["department"].queryset = (Organisation.objects.restrict(request.user).active()
                                                   .filter(kind__in=["bureau", "industry"]))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class MeasureFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "note")

    kind = django_filters.ChoiceFilter(label=_("措施"), choices=MeasureKind.choices)
    department = django_filters.ModelChoiceFilter(label=_("实施单位"), queryset=Organisation.objects.all())
    date_after = django_filters.DateFilter(label=_("日期起"), field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(label=_("日期止"), field_name="date", lookup_expr="lte")

    class Meta:
        model = Measure
        fields = ["kind", "department"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["department"].queryset = (Organisation.objects.restrict(request.user).active()
                                                   .filter(kind__in=["bureau", "industry"]))
