import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable

from .choices import LEVEL_BADGE, AlarmState
from .models import Alarm, Sensor, Station

STATE_BADGE = {AlarmState.FIRING: "text-bg-danger", AlarmState.ACKNOWLEDGED: "text-bg-warning",
               AlarmState.HANDLING: "text-bg-info", AlarmState.CLOSED: "text-bg-success"}


class StationTable(BaseTable):
    name = tables.Column(verbose_name=_("站点名称"), linkify=True)
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")

    class Meta(BaseTable.Meta):
        model = Station
        fields = ("code", "name", "kind", "region", "watched_kind", "watched_name", "operator")


class SensorTable(BaseTable):
    code = tables.Column(verbose_name=_("传感器编码"), linkify=True)
    station = tables.Column(verbose_name=_("监测站点"), accessor="station__name", order_by="station__code")
    last_seen = tables.DateTimeColumn(verbose_name=_("最近上报"), accessor="status__last_seen_at",
                                      format="m-d H:i", orderable=False)
    last_value = tables.Column(verbose_name=_("最新值"), accessor="status__last_value", orderable=False)
    offline = tables.Column(verbose_name=_("在线"), accessor="status__offline_since", orderable=False,
                            default="")

    class Meta(BaseTable.Meta):
        model = Sensor
        fields = ("code", "station", "kind", "unit", "range_min", "range_max", "interval_seconds")

    def render_offline(self, value, record):
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("离线")) if value else ""

    def value_offline(self, value, record):
        return str(_("离线")) if value else ""


class AlarmTable(BaseTable):
    triggered_at = tables.DateTimeColumn(verbose_name=_("触发时间"), format="Y-m-d H:i:s", linkify=True)
    sensor = tables.Column(verbose_name=_("传感器"), accessor="sensor__code", order_by="sensor__code", default="—")
    station = tables.Column(verbose_name=_("监测站点"), accessor="station__name", order_by="station__code",
                            default="—")

    class Meta(BaseTable.Meta):
        model = Alarm
        fields = ("triggered_at", "level", "alarm_type", "station", "sensor", "message", "count", "state",
                  "recovered_at")

    def render_level(self, value, record):
        return format_html('<span class="badge {}">{}</span>', LEVEL_BADGE.get(record.level, ""), value)

    def render_state(self, value, record):
        return format_html('<span class="badge {}">{}</span>', STATE_BADGE.get(record.state, ""), value)
