import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.models import Organisation
from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter, TownshipFilter, by_stats_parameter
from yingji.supervision.campaigns.models import Campaign
from yingji.supervision.enterprises.pickers import EnterprisePicker
from yingji.supervision.hazards.choices import HazardSource

from .choices import CaseState, MeasureKind, PenaltyKind, PenaltyTarget, Procedure
from .models import EnforcementCase, Measure, Penalty


def _departments(request, records, path="department"):
    """The departments a list may be filtered by: those in the user's scope, and those that imposed the records he
    may see (a township's user sees the county bureau's cases, and the bureau is not in his township)."""
    user = request.user
    imposed = records.objects.restrict(user, "view").order_by().values(path)
    return (Organisation.objects.active().filter(kind__in=["bureau", "industry"])
            .filter(Q(pk__in=Organisation.objects.restrict(user).values("pk")) | Q(pk__in=imposed))
            .order_by("name"))


class StatsParameterFilters(django_filters.FilterSet):
    """专项行动 and 来源 as the statistics count them (core.stats.narrow: a penalty's or a measure's own campaign,
    by default its case's; a case's source is its hazard's, else its origin and 处罚机关)."""

    campaign = django_filters.ModelChoiceFilter(label=_("专项行动"), queryset=Campaign.objects.all(),
                                                method=by_stats_parameter)
    source = django_filters.ChoiceFilter(label=_("来源"), choices=HazardSource.choices, method=by_stats_parameter)


class EnforcementCaseFilterSet(StatsParameterFilters, BaseFilterSet):
    search_fields = ("number", "title", "enterprise__name", "enterprise__credit_code")

    state = django_filters.MultipleChoiceFilter(label=_("办理状态"), choices=CaseState.choices)
    procedure = django_filters.ChoiceFilter(label=_("程序"), choices=Procedure.choices)
    department = django_filters.ModelChoiceFilter(label=_("处罚机关"), queryset=Organisation.objects.all())
    overdue = django_filters.BooleanFilter(label=_("超期"), method="filter_overdue")
    year = django_filters.NumberFilter(label=_("立案年度"), field_name="year")
    filed_after = django_filters.DateFilter(label=_("立案日期起"), field_name="filed_on", lookup_expr="gte")
    filed_before = django_filters.DateFilter(label=_("立案日期止"), field_name="filed_on", lookup_expr="lte")
    decided_after = django_filters.DateFilter(label=_("决定日期起"), field_name="decided_on", lookup_expr="gte")
    decided_before = django_filters.DateFilter(label=_("决定日期止"), field_name="decided_on", lookup_expr="lte")
    township = TownshipFilter()
    region = RegionFilter()
    enterprise = django_filters.NumberFilter(label=_("企业"), field_name="enterprise_id", widget=EnterprisePicker)

    class Meta:
        model = EnforcementCase
        fields = ["state", "procedure", "department", "year"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["department"].queryset = _departments(request, EnforcementCase)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class MeasureFilterSet(StatsParameterFilters, BaseFilterSet):
    search_fields = ("enterprise__name", "note")

    kind = django_filters.ChoiceFilter(label=_("措施"), choices=MeasureKind.choices)
    department = django_filters.ModelChoiceFilter(label=_("实施单位"), queryset=Organisation.objects.all())
    date_after = django_filters.DateFilter(label=_("日期起"), field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(label=_("日期止"), field_name="date", lookup_expr="lte")
    township = TownshipFilter()
    region = RegionFilter()
    enterprise = django_filters.NumberFilter(label=_("企业"), field_name="enterprise_id", widget=EnterprisePicker)

    class Meta:
        model = Measure
        fields = ["kind", "department"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["department"].queryset = _departments(request, Measure)


class PenaltyFilterSet(StatsParameterFilters, BaseFilterSet):
    """行政处罚: the penalties of decisions. A penalty counts in the period of its case's decision date, as in the
    enforcement statistics; the region and department are the case's. A penalty of a voided case is void too: the
    default (有效) shows neither voided penalties nor those of voided cases."""

    search_fields = ("case__number", "case__title", "case__enterprise__name", "case__enterprise__credit_code")

    kind = django_filters.ChoiceFilter(label=_("处罚种类"), choices=PenaltyKind.choices)
    target = django_filters.ChoiceFilter(label=_("处罚对象"), choices=PenaltyTarget.choices)
    decided_after = django_filters.DateFilter(label=_("决定日期起"), field_name="case__decided_on",
                                              lookup_expr="gte")
    decided_before = django_filters.DateFilter(label=_("决定日期止"), field_name="case__decided_on",
                                               lookup_expr="lte")
    department = django_filters.ModelChoiceFilter(label=_("处罚机关"), queryset=Organisation.objects.all(),
                                                  field_name="case__department")
    township = TownshipFilter(path="case__region")
    region = RegionFilter(path="case__region")
    enterprise = django_filters.NumberFilter(label=_("企业"), field_name="case__enterprise_id",
                                             widget=EnterprisePicker)
    case = django_filters.NumberFilter(label=_("案件ID"), field_name="case_id")

    class Meta:
        model = Penalty
        fields = ["kind", "target"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["department"].queryset = _departments(request, Penalty, "case__department")

    def filter_queryset(self, queryset):
        # the record status of a penalty is its own and its case's (BaseFilterSet looks at the penalty only)
        queryset = django_filters.FilterSet.filter_queryset(self, queryset)
        status = self.form.cleaned_data.get("record_status") if hasattr(self.form, "cleaned_data") else None
        if status == "voided":
            return queryset.filter(Q(voided_at__isnull=False) | Q(case__voided_at__isnull=False))
        if status == "all":
            return queryset
        return queryset.filter(voided_at__isnull=True, case__voided_at__isnull=True)
