import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet
from yingji.platform.core.periods import local_bounds

from .choices import Category, Channel, Grade, IncidentType, ReportKind, Status
from .models import Incident, IncidentReport, ReportDeadline


class IncidentFilterSet(BaseFilterSet):
    search_fields = ("title", "place", "summary", "reporter_unit")

    received_after = django_filters.DateFilter(label=_("接报日期自"), method="filter_after")
    received_before = django_filters.DateFilter(label=_("接报日期至"), method="filter_before")
    category = django_filters.ChoiceFilter(label=_("事件类别"), choices=Category.choices)
    incident_type = django_filters.ChoiceFilter(label=_("事件类型"), choices=IncidentType.choices)
    grade = django_filters.ChoiceFilter(label=_("初判等级"), choices=Grade.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices)
    late = django_filters.BooleanFilter(label=_("有迟报"), method="filter_late")

    class Meta:
        model = Incident
        fields = ["category", "incident_type", "grade", "status"]

    def filter_after(self, queryset, name, value):
        return queryset.filter(received_at__gte=local_bounds(value, value)[0])

    def filter_before(self, queryset, name, value):
        return queryset.filter(received_at__lt=local_bounds(value, value)[1])

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        ids = ReportDeadline.objects.filter(late=True).values("incident_id")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class IncidentReportFilterSet(BaseFilterSet):
    search_fields = ("incident__title", "recipient", "content")

    kind = django_filters.ChoiceFilter(label=_("报告类型"), choices=ReportKind.choices)
    channel = django_filters.ChoiceFilter(label=_("报告方式"), choices=Channel.choices)
    late = django_filters.BooleanFilter(label=_("迟报"))

    class Meta:
        model = IncidentReport
        fields = ["kind", "channel", "late"]
