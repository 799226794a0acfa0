import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, TownshipFilter

from .choices import ACTIVE_STATES, AlarmLevel, AlarmState, AlarmType, SensorKind, StationKind, WatchedKind
from .models import Alarm, Sensor, Station


class StationFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "watched_name", "watched_code")
    kind = django_filters.ChoiceFilter(label=_("站点类型"), choices=StationKind.choices)
    watched_kind = django_filters.ChoiceFilter(label=_("监测对象类型"), choices=WatchedKind.choices)
    township = TownshipFilter()

    class Meta:
        model = Station
        fields = ["kind", "watched_kind"]


class SensorFilterSet(BaseFilterSet):
    search_fields = ("code", "station__name", "station__code")
    kind = django_filters.ChoiceFilter(label=_("监测项"), choices=SensorKind.choices)
    station_kind = django_filters.ChoiceFilter(label=_("站点类型"), choices=StationKind.choices,
                                               field_name="station__kind")
    station = django_filters.ModelChoiceFilter(label=_("监测站点"), queryset=Station.objects.all())
    offline = django_filters.BooleanFilter(label=_("离线"), method="filter_offline")
    township = TownshipFilter(path="station__region")

    class Meta:
        model = Sensor
        fields = ["kind"]

    def filter_offline(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(status__offline_since__isnull=not value)


class AlarmFilterSet(BaseFilterSet):
    search_fields = ("message", "sensor__code", "station__name")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=AlarmState.choices)
    open = django_filters.BooleanFilter(label=_("未关闭"), method="filter_open")
    level = django_filters.ChoiceFilter(label=_("报警级别"), choices=AlarmLevel.choices)
    alarm_type = django_filters.ChoiceFilter(label=_("报警类型"), choices=AlarmType.choices)
    sensor_kind = django_filters.ChoiceFilter(label=_("监测项"), choices=SensorKind.choices,
                                              field_name="sensor__kind")
    station = django_filters.ModelChoiceFilter(label=_("监测站点"), queryset=Station.objects.all())
    triggered_after = django_filters.DateFilter(label=_("触发日期起"), field_name="triggered_at", lookup_expr="date__gte",
                                                widget=forms.DateInput(attrs={"type": "date"}))
    triggered_before = django_filters.DateFilter(label=_("触发日期止"), field_name="triggered_at",
                                                 lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"}))
    township = TownshipFilter()

    class Meta:
        model = Alarm
        fields = ["state", "level", "alarm_type"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(state__in=ACTIVE_STATES) if value else queryset.exclude(state__in=ACTIVE_STATES)
