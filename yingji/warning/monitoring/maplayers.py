"""一张图: monitoring stations with the state of their sensors (报警, 离线, 正常), the geological-hazard points among
them, and the active alarms at their station's place."""

from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import maplayers as M

from .choices import ACTIVE_STATES, AlarmLevel, StationKind, WatchedKind
from .filtersets import AlarmFilterSet, StationFilterSet
from .models import Alarm, Sensor, SensorStatus, Station

GROUP = _("监测预警")
STATES = {"alarm": _("有报警"), "offline": _("有传感器离线"), "normal": _("正常")}
STATE_STYLE = M.Style("sensor_state", {"alarm": M.RED, "offline": M.GREY, "normal": M.GREEN}, labels=STATES)
POPUP = [(_("站点类型"), "kind"), (_("监测对象"), "watched_name"), (_("状态"), "sensor_state"),
         (_("运维单位"), "operator")]


#: what a station's state is read from: its alarms and its sensors' status rows. The map caches the station layers'
#: tiles until one of these changes: alarms are written through the ORM (create, update()), and the ingest's raw
#: SQL that brings an offline sensor back and the offline sweep's claim say so with `rows_changed` (SensorStatus).
STATE_MODELS = (Alarm, SensorStatus, Sensor)


def with_state(qs):
    alarm = Exists(Alarm.objects.filter(station=OuterRef("pk"), state__in=ACTIVE_STATES, voided_at__isnull=True))
    offline = Exists(SensorStatus.objects.filter(sensor__station=OuterRef("pk"), offline_since__isnull=False,
                                                 sensor__voided_at__isnull=True))
    state = Case(When(alarm, then=Value("alarm")), When(offline, then=Value("offline")), default=Value("normal"))
    return qs.annotate(sensor_state=state)


M.register(M.Layer(
    key="monitoring_stations", label=_("监测站点（传感器状态）"), group=GROUP, model=Station,
    url="monitoring:station_detail", list_url="monitoring:station_list", filterset=StationFilterSet,
    popup=POPUP, style=STATE_STYLE, base=with_state, order=50, depends_on=STATE_MODELS,
    description=_("红色：有未关闭的报警；灰色：有传感器离线；绿色：正常")))

M.register(M.Layer(
    key="geohazard_points", label=_("地质灾害隐患点"), group=_("防灾减灾"), model=Station,
    url="monitoring:station_detail", list_url="monitoring:station_list", filterset=StationFilterSet,
    popup=POPUP, style=M.Style("sensor_state", {"alarm": M.RED, "offline": M.GREY, "normal": M.PURPLE},
                               labels=STATES, radius=7),
    base=lambda qs: with_state(qs.filter(Q(kind=StationKind.GEOHAZARD) | Q(watched_kind=WatchedKind.HAZARD_POINT))),
    order=55, visible=False, depends_on=STATE_MODELS,
    description=_("有监测设备的地质灾害隐患点（监测站点中类型为地质灾害监测点或监测对象为隐患点的）")))

M.register(M.Layer(
    key="alarms_active", label=_("未关闭的监测报警"), group=GROUP, model=Alarm, url="monitoring:alarm_detail",
    list_url="monitoring:alarm_list", filterset=AlarmFilterSet, title="message",
    lon="station__longitude", lat="station__latitude",
    popup=[(_("报警类型"), "alarm_type"), (_("报警级别"), "level"), (_("状态"), "state"),
           (_("触发时间"), "triggered_at"), (_("监测站点"), "station__name")],
    style=M.Style("level", {AlarmLevel.RED: M.RED, AlarmLevel.ORANGE: M.ORANGE, AlarmLevel.YELLOW: M.YELLOW,
                            AlarmLevel.BLUE: M.BLUE}, radius=8),
    base=lambda qs: qs.open(), order=51, description=_("已触发、已确认或处置中的报警，位置取监测站点")))


@M.measure("alarms_active", label=_("未关闭的监测报警"), permission="monitoring.view_alarm", unit=_("条"),
           dated=False, order=50)
def active_alarms(user, start, end):
    return M.by_township(Alarm.objects.restrict(user, "view").active().open())
