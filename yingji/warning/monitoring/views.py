import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from yingji.platform.core import views as generic
from yingji.platform.core.workflow_views import TransitionView, WorkflowDetailMixin

from . import engine, services
from .choices import ACTIVE_STATES, AlarmState, Metric
from .filtersets import AlarmFilterSet, SensorFilterSet, StationFilterSet
from .forms import CloseForm, HandleForm, NoteForm, SensorForm, StationForm
from .models import Aggregate, Alarm, AlarmRule, IngestHeartbeat, Reading, RejectedReading, Sensor, Station
from .tables import AlarmTable, SensorTable, StationTable

SERIES_POINTS = 2000  # raw readings on a sensor's chart; longer periods read the hourly aggregates


class StationListView(generic.ObjectListView):
    model = Station
    queryset = Station.objects.select_related("region")
    filterset_class = StationFilterSet
    table_class = StationTable
    import_spec = "monitoring-stations"


class StationDetailView(generic.ObjectDetailView):
    model = Station
    queryset = Station.objects.select_related("region", "watched_type")

    def get_related(self, obj):
        sensors = Sensor.objects.restrict(self.request.user).active().filter(station=obj).select_related(
            "station", "status")
        alarms = Alarm.objects.restrict(self.request.user).filter(station=obj).select_related("sensor", "station")[:50]
        from django.utils.translation import gettext as _

        return [(_("传感器"), SensorTable(sensors, orderable=False, exclude=("station",))),
                (_("最近报警"), AlarmTable(alarms, orderable=False, exclude=("station",)))]


class StationEditView(generic.ObjectEditView):
    model = Station
    form_class = StationForm


class SensorListView(generic.ObjectListView):
    model = Sensor
    queryset = Sensor.objects.select_related("station", "status")
    filterset_class = SensorFilterSet
    table_class = SensorTable


class SensorDetailView(generic.ObjectDetailView):
    model = Sensor
    queryset = Sensor.objects.select_related("station__region")
    template_name = "monitoring/sensor_detail.html"

    def extra_context(self, obj):
        hours = _int(self.request.GET.get("hours"), 24, 1, 24 * 90)
        return {"chart": sensor_chart(obj, hours), "hours": hours, "hour_choices": (6, 24, 72, 24 * 7, 24 * 30),
                "open_alarms": Alarm.objects.restrict(self.request.user).filter(sensor=obj, state__in=ACTIVE_STATES)}


def _int(raw, default, lo, hi):
    try:
        return max(lo, min(int(raw), hi))
    except (TypeError, ValueError):
        return default


def sensor_chart(sensor, hours, now=None):
    """The series of a sensor over the last `hours` (raw readings, or hourly means when there are too many) and the
    thresholds of its value rules, for the ECharts chart."""
    now = now or timezone.now()
    start = now - datetime.timedelta(hours=hours)
    rows = list(Reading.objects.filter(sensor=sensor, ts__gte=start, ts__lte=now).order_by("-ts")
                .values_list("ts", "value")[:SERIES_POINTS + 1])
    if len(rows) <= SERIES_POINTS:
        points = [[timezone.localtime(ts).isoformat(timespec="seconds"), v] for ts, v in reversed(rows)]
        kind = "raw"
    else:
        rows = (Aggregate.objects.filter(sensor=sensor, period=Aggregate.Period.HOUR, start__gte=start)
                .order_by("start").values_list("start", "total", "count", "maximum"))
        points = [[timezone.localtime(s).isoformat(timespec="seconds"), round(t / n, 3) if n else None, mx]
                  for s, t, n, mx in rows]
        kind = "hourly"
    rules = engine.choose_rules(list(AlarmRule.objects.valid_on().select_related("region")), sensor.kind,
                                sensor.code, sensor.station.region)
    lines = []
    for rule in rules:
        if rule.metric != Metric.VALUE:
            continue
        for level, value in rule.thresholds():
            lines.append({"level": int(level), "label": str(level.label), "value": value})
    return {"points": points, "kind": kind, "unit": sensor.unit, "thresholds": lines,
            "rules": [str(r) for r in rules]}


class SensorEditView(generic.ObjectEditView):
    model = Sensor
    form_class = SensorForm


class AlarmTransitionView(TransitionView):
    model = Alarm
    forms = {"acknowledge": NoteForm, "handle": HandleForm, "close": CloseForm}
    url_name = "monitoring:alarm_{name}"


class AlarmListView(generic.ObjectListView):
    model = Alarm
    queryset = Alarm.objects.select_related("sensor", "station")
    filterset_class = AlarmFilterSet
    table_class = AlarmTable


class AlarmDetailView(WorkflowDetailMixin, generic.ObjectDetailView):
    model = Alarm
    queryset = Alarm.objects.select_related("sensor", "station", "region", "rule", "acknowledged_by", "closed_by",
                                            "warning", "escalation")
    template_name = "monitoring/alarm_detail.html"
    transition_view = AlarmTransitionView

    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["can_edit"] = False  # the engine writes an alarm; people move it through its lifecycle only
        user = self.request.user
        context["can_promote"] = (obj.warning_id is None and obj.sensor_id is not None
                                  and obj.state != AlarmState.CLOSED and user.has_perm("alerts.add_warning"))
        if obj.sensor_id:
            context["chart"] = sensor_chart(obj.sensor, 24, now=max(obj.last_at or obj.triggered_at,
                                                                    obj.triggered_at) + datetime.timedelta(hours=2))
        return context


class AlarmPromoteView(generic.ScopedViewMixin, View):
    """转为预警草稿 (POST): a draft warning prefilled from the alarm, opened for the person to check and submit."""

    model = Alarm
    action = "view"

    def post(self, request, *args, **kwargs):
        alarm = self.get_object()  # outside the user's region: 404, as for every record
        if not request.user.has_perm("alerts.add_warning"):
            raise PermissionDenied(_("您没有起草预警的权限"))
        try:
            w = services.promote_to_warning(alarm, actor=request.user)
        except ValidationError as e:
            for msg in e.messages:
                messages.error(request, msg)
            return redirect(alarm.get_absolute_url())
        messages.success(request, _("已生成预警草稿，请核对内容、范围和有效期后提交审核"))
        return redirect(w.get_absolute_url())


class AlarmBoardView(generic.ScopedViewMixin, View):
    """The live alarm board: the open alarms, refreshed by HTMX polling (board_rows) without a reload."""

    model = Alarm
    template_name = "monitoring/alarm_board.html"

    def get(self, request, *args, **kwargs):
        context = board_context(request)
        if request.htmx:
            return render(request, "monitoring/_board_rows.html", context)
        return render(request, self.template_name, context)


BOARD_ROWS = 100


def board_context(request):
    qs = Alarm.objects.restrict(request.user).active().filter(state__in=ACTIVE_STATES)
    rows = list(qs.select_related("sensor", "station", "region").order_by("-level", "-triggered_at", "-pk")[
        :BOARD_ROWS])
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    by_level = dict(qs.order_by().values_list("level").annotate(n=Count("pk")))
    return {"rows": rows, "now": timezone.now(), "firing": counts.get(AlarmState.FIRING, 0),
            "acknowledged": counts.get(AlarmState.ACKNOWLEDGED, 0), "handling": counts.get(AlarmState.HANDLING, 0),
            "total": sum(counts.values()), "by_level": by_level}


class IngestHealthView(generic.ScopedViewMixin, View):
    """接入状态: each ingest process's counters (received, stored, duplicates, refused by reason), its backlog and
    heartbeat, and the latest refused readings."""

    model = IngestHeartbeat

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        beats = list(IngestHeartbeat.objects.all())
        for hb in beats:
            hb.age = (now - hb.updated_at).total_seconds()
            hb.lag = (now - hb.oldest_unsettled_at).total_seconds() if hb.oldest_unsettled_at else 0
        rejected = list(RejectedReading.objects.all()[:100])
        lag_alarm = Alarm.objects.filter(sensor__isnull=True, state__in=ACTIVE_STATES).first()
        offline = Sensor.objects.restrict(request.user).active().filter(status__offline_since__isnull=False).count()
        return render(request, "monitoring/ingest_health.html",
                      {"beats": beats, "rejected": rejected, "lag_alarm": lag_alarm, "offline": offline,
                       "now": now})


transition_urls = AlarmTransitionView.urls("alarms")
