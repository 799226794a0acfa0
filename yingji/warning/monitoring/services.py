"""Alarms: what the engine's decisions write, and the lifecycle a person carries out.

Lifecycle (core/workflow.py): 已触发 →(确认)→ 已确认 →(处置)→ 处置中 →(关闭)→ 已关闭, each step with who, when
and a note (AlarmEvent); 关闭 needs the result of the handling (or why it was a false alarm). An alarm that a person
has not closed stays the one active alarm of its (sensor, type): the engine merges a new crossing into it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.audit.recorder import record_bulk_create
from yingji.platform.core.services import service
from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition

from .choices import ACTIVE_STATES, AlarmLevel, AlarmState, AlarmType, Metric, SensorKind
from .ingest import insert_unless_active, retry_alarm_insert
from .models import Alarm, AlarmEvent, Sensor

S = AlarmState


def _ack(fresh, *, actor, at, note=""):
    fresh.acknowledged_by, fresh.acknowledged_at = actor, at
    return Outcome(update_fields=["acknowledged_by", "acknowledged_at"])


def _handle(fresh, *, actor, at, note=""):
    if fresh.acknowledged_by_id is None:
        fresh.acknowledged_by, fresh.acknowledged_at = actor, at
    return Outcome(update_fields=["acknowledged_by", "acknowledged_at"])


def _close(fresh, *, actor, at, note=""):
    fresh.closed_by, fresh.closed_at = actor, at
    return Outcome(update_fields=["closed_by", "closed_at"])


TRANSITIONS = {
    "acknowledge": Transition((S.FIRING,), S.ACKNOWLEDGED, gettext_lazy("确认"), apply=_ack),
    "handle": Transition((S.ACKNOWLEDGED,), S.HANDLING, gettext_lazy("处置"),
                         required={"note": gettext_lazy("请填写处置措施")}, apply=_handle),
    "close": Transition((S.ACKNOWLEDGED, S.HANDLING), S.CLOSED, gettext_lazy("关闭"),
                        required={"note": gettext_lazy("关闭须填写处置结果（误报请说明原因）")}, apply=_close),
}

WORKFLOW = Workflow(Alarm, AlarmEvent, event_field="alarm", states=S, transitions=TRANSITIONS,
                    noun=pgettext_lazy("in a sentence", "报警"), select_related=["sensor"],
                    late_entry=False)  # 确认/处置/关闭 happen in the system: their times measure the response


def acknowledge_alarm(alarm, *, actor, note=""):
    return transition(alarm, "acknowledge", actor=actor, note=note)


def handle_alarm(alarm, *, actor, note=""):
    return transition(alarm, "handle", actor=actor, note=note)


def close_alarm(alarm, *, actor, note=""):
    return transition(alarm, "close", actor=actor, note=note)


# --- 转为预警草稿 ----------------------------------------------------------------------------------------------------
# what a sensor kind watches, as the warning's event type (the person who reviews the draft may change it)
KIND_EVENT = {
    SensorKind.RAINFALL: "rainstorm", SensorKind.WATER_LEVEL: "river_flood", SensorKind.DISPLACEMENT: "geohazard",
    SensorKind.CRACK: "geohazard", SensorKind.COMBUSTIBLE_GAS: "work_safety", SensorKind.TOXIC_GAS: "work_safety",
    SensorKind.TANK_LEVEL: "work_safety", SensorKind.TEMPERATURE: "work_safety", SensorKind.PRESSURE: "work_safety",
    SensorKind.RESIDUAL_CURRENT: "work_safety", SensorKind.CABLE_TEMPERATURE: "work_safety",
}
LEVEL_WARNING = {AlarmLevel.BLUE: "blue", AlarmLevel.YELLOW: "yellow", AlarmLevel.ORANGE: "orange",
                 AlarmLevel.RED: "red"}


@service
def promote_to_warning(alarm, *, actor):
    """A draft warning prefilled from a sensor's alarm: the event type the sensor watches, the alarm's level, the
    alarm's region as the area, what was measured as the content. Never published here: the draft goes through the
    warning's own 审核 → 签发 → 发布 by people. One draft per alarm; a system alarm (ingest lag) or a closed alarm
    has none."""
    from yingji.platform.regions.models import Region
    from yingji.warning.alerts import services as alerts

    fresh = Alarm.objects.select_for_update(of=("self",)).select_related("sensor", "station", "region").get(
        pk=alarm.pk)
    if fresh.warning_id is not None:
        raise ValidationError(_("该报警已转为预警草稿，不能重复生成"))
    if fresh.sensor_id is None:
        raise ValidationError(_("系统报警（如接入滞后）不是监测对象的险情，不能转为预警"))
    if fresh.state == S.CLOSED:
        raise ValidationError(_("已关闭的报警不能转为预警"))
    if not actor.has_perm("alerts.add_warning"):
        raise PermissionDenied(_("您没有起草预警的权限"))
    # the draft belongs to the actor's office when the alarm is within it (a county duty officer drafts for the
    # county), else to the alarm's own region
    region = fresh.region
    if actor.region_id and Region.objects.subtree(actor.region).filter(pk=fresh.region_id).exists():
        region = actor.region
    with translation.override(settings.LANGUAGE_CODE):  # the content is published text: Chinese
        place = fresh.station.name if fresh.station_id else fresh.region.name
        description = _("%(place)s%(kind)s监测点（%(code)s）报警（%(type)s，%(level)s）：%(message)s。"
                        "触发时间%(at)s，触发值%(first)s，峰值%(peak)s%(unit)s。") % {
            "place": place, "kind": fresh.sensor.get_kind_display(), "code": fresh.sensor.code, "type": fresh.get_alarm_type_display(),
            "level": fresh.get_level_display(), "message": fresh.message.rstrip("。"),
            "at": timezone.localtime(fresh.triggered_at).strftime("%Y-%m-%d %H:%M"),
            "first": _num(fresh.first_value), "peak": _num(fresh.peak_value), "unit": fresh.sensor.unit}
        note = _("由监测报警转来（报警编号%(pk)s）") % {"pk": fresh.pk}
    w = alerts.draft_warning(actor=actor, region=region, event_type=KIND_EVENT.get(fresh.sensor.kind, "other"),
                             level=LEVEL_WARNING[fresh.level], description=description, areas=[fresh.region],
                             note=note)
    fresh.warning = w
    fresh.save(update_fields=["warning", "updated_at"])
    return w


# --- what the engine writes -----------------------------------------------------------------------------------------
def _at(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.UTC)


def describe(st, rule, level, value):
    what = {Metric.VALUE: _("实测值"), Metric.RATE: _("%(w)s分钟变化量") % {"w": rule.window},
            Metric.SUM: _("%(h)s小时累计") % {"h": _hours(rule.window)}}[rule.metric]
    return _("%(label)s %(what)s %(v).2f%(unit)s，达到%(level)s阈值 %(t)s%(unit)s") % {
        "label": st.label, "what": what, "v": value, "unit": st.unit, "level": AlarmLevel(level).label,
        "t": _num(rule.threshold_of(level))}


def _hours(minutes):
    return _num(minutes / 60)


def _num(x):
    return f"{x:.2f}".rstrip("0").rstrip(".") if x is not None else "—"


class AlarmBatch:
    """The alarm writes of one ingest batch. A new alarm is not inserted at once: the batch's new alarms go in with
    one INSERT … ON CONFLICT DO NOTHING (the partial unique constraints decide; ingest.insert_unless_active) and
    their audit rows with one record_bulk_create — at the end of the batch, and before any UPDATE of an existing
    alarm, so that alarms are still written in sensor order by every process (no deadlock between two of them).
    A raise, a recovery or a new crossing of an alarm still waiting here changes it in memory. `events` is the
    batch's list of (sensor code, alarm type, action, level, ts); `fired` gets the ids of the alarms created."""

    def __init__(self, events, fired):
        self.events, self.fired = events, fired
        self.pending = {}  # (sensor_id, alarm_type) -> (unsaved Alarm, engine Track, index of its event)

    def flush(self):
        if not self.pending:
            return
        pending, self.pending = self.pending, {}
        ids = insert_unless_active([alarm for alarm, _track, _i in pending.values()])
        created = []
        for key, (alarm, track, index) in pending.items():
            pk = ids.get(key)
            if pk:
                track.alarm_id = pk
                created.append(alarm)
                self.fired.append(pk)
                continue
            # another process (or an alarm still open from before) has it: de-duplicate into it
            existing = Alarm.objects.get(sensor_id=key[0], alarm_type=key[1], state__in=ACTIVE_STATES)
            track.alarm_id = existing.pk
            updates = {"count": F("count") + alarm.count, "last_value": alarm.last_value, "last_at": alarm.last_at,
                       "recovered_at": alarm.recovered_at}
            if alarm.level > existing.level:
                updates.update(level=alarm.level, message=alarm.message)
            Alarm.objects.filter(pk=existing.pk).update(**updates)
            if track.level:  # still firing or recovering: at the open alarm's level at least
                track.level = max(track.level, existing.level)
            code, alarm_type, action, level, ts = self.events[index]
            if action == "fire":
                self.events[index] = (code, alarm_type, "merge", level, ts)  # nobody is notified twice
        record_bulk_create(created)


def apply_decision(st, d, now, batch):
    """Carry out one engine decision inside the ingest's transaction (batch: the AlarmBatch of the transaction)."""
    at = _at(d.ts)
    key = (st.sensor_id, d.rule.alarm_type)
    waiting = batch.pending.get(key)
    if waiting is not None:  # fired in this batch, not inserted yet
        alarm = waiting[0]
        if d.action == "recover":
            alarm.recovered_at = at
        else:  # a higher level, or a new crossing after a recovery: merged
            alarm.count += 1
            alarm.last_value, alarm.last_at, alarm.recovered_at = d.value, at, None
            if d.level > alarm.level:
                alarm.level, alarm.message = d.level, describe(st, d.rule, d.level, d.value)[:300]
            if d.action == "raise":
                alarm.peak_value = d.track.peak
        batch.events.append((st.code, d.rule.alarm_type, "merge" if d.action == "fire" else d.action, d.level, d.ts))
        return
    if d.action == "recover":
        if d.track.alarm_id:
            batch.flush()
            Alarm.objects.filter(pk=d.track.alarm_id, state__in=ACTIVE_STATES, recovered_at__isnull=True).update(
                recovered_at=at)
        batch.events.append((st.code, d.rule.alarm_type, "recover", d.level, d.ts))
        return
    if d.action == "raise" and d.track.alarm_id:
        batch.flush()
        raised = Alarm.objects.filter(pk=d.track.alarm_id, state__in=ACTIVE_STATES).update(
            level=d.level, count=F("count") + 1, last_value=d.value, last_at=at, peak_value=d.track.peak,
            message=describe(st, d.rule, d.level, d.value)[:300])
        if raised:
            batch.events.append((st.code, d.rule.alarm_type, "raise", d.level, d.ts))
            return
    # a new alarm (or a raise of one a person has closed meanwhile); the sensor as a bare instance with its code:
    # the audit row's text (Alarm.__str__) names it without a query
    alarm = Alarm(sensor=Sensor(pk=st.sensor_id, code=st.code), station_id=st.station_id, region_id=st.region_id,
                  alarm_type=d.rule.alarm_type, level=d.level, rule_id=d.rule.rule_id,
                  message=describe(st, d.rule, d.level, d.value)[:300], triggered_at=at, first_value=d.value,
                  peak_value=d.value, last_value=d.value, last_at=at)
    batch.pending[key] = (alarm, d.track, len(batch.events))
    batch.events.append((st.code, d.rule.alarm_type, d.action, d.level, d.ts))


def raise_system_alarm(alarm_type, region, message, *, at=None, level=AlarmLevel.ORANGE):
    """An alarm of the monitoring system itself (接入滞后): one active at a time, by the same constraint."""
    at = at or timezone.now()

    def create():
        return Alarm.objects.create(alarm_type=alarm_type, level=level, region=region, message=message[:300],
                                    triggered_at=at, last_at=at)

    def find():
        return Alarm.objects.get(sensor__isnull=True, alarm_type=alarm_type, state__in=ACTIVE_STATES)

    with transaction.atomic():
        alarm, created = retry_alarm_insert(create, find)
        if not created:
            Alarm.objects.filter(pk=alarm.pk).update(last_at=at, recovered_at=None, message=message[:300])
    return alarm, created


OFFLINE = AlarmType.OFFLINE
