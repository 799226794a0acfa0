import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.models import Organisation
from yingji.platform.core.filtersets import BaseFilterSet, TownshipFilter

from .choices import DrillKind, EnterprisePart, EventType, FilingState, FindingState, PlanKind
from .models import Drill, DrillFinding, Plan
from .pickers import DrillPicker, PlanPicker
from .widgets import DUE_SOON_DAYS

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
DUE_CHOICES = [("drill_overdue", _("演练逾期")), ("drill_soon", _("演练将到期（60天内）")),
               ("evaluation_overdue", _("评估逾期")), ("abolished", _("已废止"))]


class PlanFilterSet(BaseFilterSet):
    search_fields = ("name", "owner__name", "owner_name", "document_no")

    kind = django_filters.ChoiceFilter(label=_("预案类别"), choices=PlanKind.choices)
    enterprise_part = django_filters.ChoiceFilter(label=_("企业预案类型"), choices=EnterprisePart.choices)
    event_type = django_filters.ChoiceFilter(label=_("适用事件类型"), choices=EventType.choices)
    filing_state = django_filters.ChoiceFilter(label=_("备案状态"), choices=FilingState.choices)
    owner = django_filters.ModelChoiceFilter(label=_("编制单位"), queryset=Organisation.objects.all())
    due = django_filters.ChoiceFilter(label=_("演练与评估"), choices=DUE_CHOICES, method="filter_due")
    high_risk = django_filters.BooleanFilter(label=_("高危或人员密集场所单位"))
    township = TownshipFilter()
    issued_after = django_filters.DateFilter(label=_("发布日期起"), field_name="issued_on", lookup_expr="gte", **DATE)
    issued_before = django_filters.DateFilter(label=_("发布日期止"), field_name="issued_on", lookup_expr="lte", **DATE)
    revised_after = django_filters.DateFilter(label=_("修订日期起"), method="filter_revised_after", **DATE)
    revised_before = django_filters.DateFilter(label=_("修订日期止"), method="filter_revised_before", **DATE)

    class Meta:
        model = Plan
        fields = ["kind", "enterprise_part", "event_type", "filing_state", "owner", "high_risk"]

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "drill_overdue":
            return queryset.drill_overdue(today)
        if value == "drill_soon":
            return queryset.drill_due_within(DUE_SOON_DAYS, today)
        if value == "evaluation_overdue":
            return queryset.evaluation_overdue(today)
        if value == "abolished":
            return queryset.filter(abolished_on__lte=today)
        return queryset

    def filter_revised_after(self, queryset, name, value):
        self._revised_after = value
        return self._revised_range(queryset)

    def filter_revised_before(self, queryset, name, value):
        self._revised_before = value
        return self._revised_range(queryset)

    def _revised_range(self, queryset):
        q = Q()
        if getattr(self, "_revised_after", None):
            q &= Q(issued_on__gte=self._revised_after)
        if getattr(self, "_revised_before", None):
            q &= Q(issued_on__lte=self._revised_before)
        from .models import PlanVersion

        versions = PlanVersion.objects.filter(q).exclude(reason="initial").values("plan_id")
        return queryset.filter(pk__in=versions)


class DrillFilterSet(BaseFilterSet):
    search_fields = ("name", "organiser__name", "organiser_name", "scenario")

    kind = django_filters.ChoiceFilter(label=_("演练形式"), choices=DrillKind.choices)
    plan = django_filters.NumberFilter(label=_("演练的预案"), field_name="plans", widget=PlanPicker)
    plan_kind = django_filters.ChoiceFilter(label=_("预案类别"), choices=PlanKind.choices, method="filter_plan_kind")
    organiser = django_filters.ModelChoiceFilter(label=_("组织单位"), queryset=Organisation.objects.all())
    open_findings = django_filters.BooleanFilter(label=_("有未关闭的问题"), method="filter_open_findings")
    township = TownshipFilter()
    held_after = django_filters.DateFilter(label=_("演练日期起"), field_name="held_on", lookup_expr="gte", **DATE)
    held_before = django_filters.DateFilter(label=_("演练日期止"), field_name="held_on", lookup_expr="lte", **DATE)

    class Meta:
        model = Drill
        fields = ["kind", "organiser"]

    def filter_plan_kind(self, queryset, name, value):
        return queryset.filter(pk__in=Drill.objects.filter(plans__kind=value).values("pk"))

    def filter_open_findings(self, queryset, name, value):
        if value is None:
            return queryset
        ids = DrillFinding.objects.filter(state=FindingState.OPEN, voided_at__isnull=True).values("drill_id")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class DrillFindingFilterSet(BaseFilterSet):
    search_fields = ("text", "responsible", "plan__name", "drill__name")

    state = django_filters.ChoiceFilter(label=_("状态"), choices=FindingState.choices)
    plan = django_filters.NumberFilter(label=_("涉及预案"), field_name="plan_id", widget=PlanPicker)
    drill = django_filters.NumberFilter(label=_("应急演练"), field_name="drill_id", widget=DrillPicker)
    township = TownshipFilter()
    held_after = django_filters.DateFilter(label=_("演练日期起"), field_name="drill__held_on", lookup_expr="gte",
                                           **DATE)
    held_before = django_filters.DateFilter(label=_("演练日期止"), field_name="drill__held_on", lookup_expr="lte",
                                            **DATE)

    class Meta:
        model = DrillFinding
        fields = ["state", "plan", "drill"]

