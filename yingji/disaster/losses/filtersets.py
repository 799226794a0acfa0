import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter
from yingji.platform.regions.models import Region

from .choices import DisasterType, LossReportKind
from .models import DisasterEvent, LossReport


class DisasterEventFilterSet(BaseFilterSet):
    search_fields = ("name", "summary")

    disaster_type = django_filters.ChoiceFilter(label=_("灾种"), choices=DisasterType.choices)
    started_after = django_filters.DateFilter(label=_("发生日期自"), field_name="started_at", lookup_expr="date__gte")
    started_before = django_filters.DateFilter(label=_("发生日期至"), field_name="started_at", lookup_expr="date__lte")
    # an event is in a region where it happened or where it affected a township
    region = RegionFilter(label=_("区划（所在或受灾）"), method="filter_region")

    class Meta:
        model = DisasterEvent
        fields = ["disaster_type"]

    def filter_region(self, queryset, name, value):
        from django.db.models import Q

        ids = Region.objects.subtree(value).values("pk")
        affected = DisasterEvent.townships.through.objects.filter(region__in=ids).values("disasterevent_id")
        return queryset.filter(Q(region__in=ids) | Q(pk__in=affected))


class LossReportFilterSet(BaseFilterSet):
    search_fields = ("event__name", "reporter", "note")

    event = django_filters.NumberFilter(label=_("灾害事件编号"), field_name="event_id")
    kind = django_filters.ChoiceFilter(label=_("报告类型"), choices=LossReportKind.choices)
    region = RegionFilter(label=_("区划（含下级）"))
    is_late = django_filters.BooleanFilter(label=_("超时报送"))

    class Meta:
        model = LossReport
        fields = ["kind", "is_late"]

