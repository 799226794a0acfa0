import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter
from yingji.platform.core.periods import local_bounds

from .choices import INDUSTRIAL_TRADE, AccidentType, Grade, Nature, ReportKind, ReportLevel, Sector
from .models import Accident, AccidentInvestigation, AccidentReport, SectorCategory

# "unknown": a value outside the choices (a choice removed since, bad data), counted by the statistics as 其他/未知
SECTOR_GROUPS = [("industrial_trade", _("工矿商贸（含各细分行业）")), ("unknown", _("其他/未知"))]
SEVERITY = [(str(Grade.LARGER.value), _("较大及以上")), (str(Grade.MAJOR.value), _("重大及以上")),
            ("unknown", _("其他/未知"))]


class AccidentFilterSet(BaseFilterSet):
    search_fields = ("place", "unit_name", "summary")

    occurred_after = django_filters.DateFilter(label=_("发生日期自"), method="filter_after")
    occurred_before = django_filters.DateFilter(label=_("发生日期至"), method="filter_before")
    region = RegionFilter(label=_("区划（含下级）"))
    sector = django_filters.ChoiceFilter(label=_("行业领域"), choices=Sector.choices)
    sector_group = django_filters.ChoiceFilter(label=_("行业大类"), choices=SECTOR_GROUPS, method="filter_group")
    # the annual report's categories (事故统计分类): a figure "建筑施工1起" links to the accidents it counted
    category = django_filters.ModelChoiceFilter(label=_("统计分类"), method="filter_category",
                                                queryset=SectorCategory.objects.filter(voided_at__isnull=True))
    accident_type = django_filters.ChoiceFilter(label=_("事故类别"), choices=AccidentType.choices)
    grade = django_filters.ChoiceFilter(label=_("事故等级"), choices=Grade.choices)
    severity = django_filters.ChoiceFilter(label=_("等级范围"), choices=SEVERITY, method="filter_severity")
    with_deaths = django_filters.BooleanFilter(label=_("有死亡"), method="filter_deaths")
    late = django_filters.BooleanFilter(label=_("有迟报"), method="filter_late")
    unreported = django_filters.BooleanFilter(label=_("尚无首报"), method="filter_unreported")

    class Meta:
        model = Accident
        fields = ["sector", "accident_type", "grade"]

    def filter_after(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=local_bounds(value, value)[0])

    def filter_before(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=local_bounds(value, value)[1])

    def filter_group(self, queryset, name, value):
        if value == "unknown":
            return queryset.exclude(sector__in=Sector.values)
        return queryset.filter(sector__in=INDUSTRIAL_TRADE) if value == "industrial_trade" else queryset

    def filter_category(self, queryset, name, value):
        return queryset.filter(sector__in=value.sectors or [])

    def filter_severity(self, queryset, name, value):
        if value == "unknown":
            return queryset.exclude(grade__in=Grade.values)
        return queryset.filter(grade__lte=int(value))

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        late = AccidentReport.objects.filter(is_late=True, voided_at__isnull=True).values("accident_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def filter_unreported(self, queryset, name, value):
        if value is None:
            return queryset
        reported = AccidentReport.objects.filter(kind=ReportKind.FIRST, voided_at__isnull=True).values("accident_id")
        return queryset.exclude(pk__in=reported) if value else queryset.filter(pk__in=reported)

    def filter_deaths(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(deaths__gt=0) if value else queryset.filter(deaths=0)


class AccidentReportFilterSet(BaseFilterSet):
    search_fields = ("accident__place", "accident__unit_name", "reporter", "note")

    kind = django_filters.ChoiceFilter(label=_("报告类型"), choices=ReportKind.choices)
    to_level = django_filters.ChoiceFilter(label=_("报告至"), choices=ReportLevel.choices)
    is_late = django_filters.BooleanFilter(label=_("迟报"))
    accident = django_filters.NumberFilter(label=_("事故编号"), field_name="accident_id")
    reported_after = django_filters.DateFilter(label=_("报告日期自"), method="filter_after")
    reported_before = django_filters.DateFilter(label=_("报告日期至"), method="filter_before")

    class Meta:
        model = AccidentReport
        fields = ["kind", "to_level", "is_late"]

    def filter_after(self, queryset, name, value):
        return queryset.filter(reported_at__gte=local_bounds(value, value)[0])

    def filter_before(self, queryset, name, value):
        return queryset.filter(reported_at__lt=local_bounds(value, value)[1])


class AccidentInvestigationFilterSet(BaseFilterSet):
    search_fields = ("accident__place", "accident__unit_name", "lead_unit", "cause")

    nature = django_filters.ChoiceFilter(label=_("事故性质"), choices=Nature.choices)
    approved = django_filters.BooleanFilter(label=_("已批复"), field_name="approved_on", lookup_expr="isnull",
                                            exclude=True)
    reviewed = django_filters.BooleanFilter(label=_("已“回头看”"), field_name="reviewed_on", lookup_expr="isnull",
                                            exclude=True)
    approved_after = django_filters.DateFilter(label=_("批复日期自"), field_name="approved_on", lookup_expr="gte")
    approved_before = django_filters.DateFilter(label=_("批复日期至"), field_name="approved_on", lookup_expr="lte")
    review_overdue = django_filters.BooleanFilter(label=_("“回头看”逾期"), method="filter_review_overdue")

    class Meta:
        model = AccidentInvestigation
        fields = ["nature"]

    def filter_review_overdue(self, queryset, name, value):
        from django.utils import timezone

        if value is None:
            return queryset
        overdue = Q(review_due__lt=timezone.localdate(), reviewed_on__isnull=True)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
