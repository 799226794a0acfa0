"""Time-driven work of 监测 (run by `yingji sweeper`; tests call sweeper.run_once(now, only=[...])).

- monitoring.offline: a sensor silent for `offline_after` × its interval gets one 设备离线 alarm. The claim is a
  conditional UPDATE of its status row (WHERE offline_since IS NULL AND last_seen_at < cutoff): a late reading
  that committed first moved last_seen_at and the claim matches nothing; a reading after the claim clears
  offline_since and marks the alarm recovered (ingest.upsert_status). Two sweepers never claim one sensor twice.
- monitoring.watchdog: an ingest process whose heartbeat stopped, or whose received readings wait longer than
  WATCHDOG_LAG seconds to be stored, raises one 接入滞后 alarm; it is marked recovered when all are healthy again.
- monitoring.aggregate: folds the readings logged since its watermark (a ReadingLog id below which every log row is
  committed: see aggregate()) into the hourly and daily aggregates, recounting each bucket touched.
- monitoring.retention: deletes readings older than MONITORING_RETENTION_DAYS, old refusal samples, and the
  ReadingLog rows the aggregation has folded.
"""

import datetime
import logging
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncDay, TruncHour
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yingji.platform.core import sweeper
from yingji.platform.core.models import rows_changed

from .choices import ACTIVE_STATES, AlarmLevel, AlarmState, AlarmType
from .ingest import retention_days, retry_alarm_insert
from .models import Aggregate, Alarm, IngestHeartbeat, Reading, ReadingLog, Sensor, SensorStatus, SweepMark

log = logging.getLogger(__name__)

WATCHDOG_LAG = 30  # seconds a received reading may wait to be stored
HEARTBEAT_STALE = 60  # seconds without a heartbeat from a running ingest process
AGGREGATE_BATCH = 5_000  # log rows a run (one per stored batch)
AGGREGATE_WAIT = 5.0  # seconds the aggregation waits for the transactions open when it read its top id


@sweeper.sweep("monitoring.offline", every=10)
def offline(now):
    rows = list(Sensor.objects.active().filter(status__offline_since__isnull=True)
                .values_list("pk", "interval_seconds", "offline_after", "status__last_seen_at", "created_at",
                             "station__region_id", "station_id", "code", "station__name"))
    # sensors that never reported have no status row yet: give them one (never seen: counted from registration)
    never = list(Sensor.objects.active().filter(status__isnull=True)
                 .values_list("pk", "interval_seconds", "offline_after", "created_at", "station__region_id",
                              "station_id", "code", "station__name"))
    if never:
        SensorStatus.objects.bulk_create([SensorStatus(sensor_id=r[0]) for r in never], ignore_conflicts=True)
        rows += [(pk, iv, n, None, created, region, station, code, name)
                 for pk, iv, n, created, region, station, code, name in never]
    actions = 0
    for pk, interval, missed, last_seen, created, region, station, code, name in rows:
        cutoff = now - datetime.timedelta(seconds=interval * missed)
        if (last_seen or created) >= cutoff:
            continue
        with transaction.atomic():
            claim = SensorStatus.objects.filter(sensor_id=pk, offline_since__isnull=True)
            claim = claim.filter(last_seen_at__lt=cutoff) if last_seen else claim.filter(last_seen_at__isnull=True)
            if not claim.update(offline_since=now):
                continue  # a reading came in first, or another sweeper has it
            rows_changed.send(sender=SensorStatus)  # (SensorStatus is not a scoped model: its update() says nothing)
            since = timezone.localtime(last_seen).strftime("%m-%d %H:%M") if last_seen else _("从未上报")
            message = _("%(name)s %(code)s 已连续%(n)s个上报周期没有数据（最近上报：%(since)s）") % {
                "name": name, "code": code, "n": missed, "since": since}

            def create(pk=pk, region=region, station=station, message=message):
                return Alarm.objects.create(sensor_id=pk, station_id=station, region_id=region,
                                            alarm_type=AlarmType.OFFLINE, level=AlarmLevel.YELLOW, message=message,
                                            triggered_at=now, last_at=now)

            def find(pk=pk):
                return Alarm.objects.get(sensor_id=pk, alarm_type=AlarmType.OFFLINE, state__in=ACTIVE_STATES)

            alarm, created_new = retry_alarm_insert(create, find)
            if not created_new:
                Alarm.objects.filter(pk=alarm.pk).update(recovered_at=None, last_at=now, count=alarm.count + 1)
            actions += 1
    return actions


def _system_region():
    from yingji.platform.regions.models import Region

    return Region.objects.order_by("level", "code").first()


@sweeper.sweep("monitoring.watchdog", every=10)
def watchdog(now):
    from .services import raise_system_alarm

    problems = []
    for hb in IngestHeartbeat.objects.filter(stopped_at__isnull=True):
        if hb.updated_at < now - datetime.timedelta(seconds=HEARTBEAT_STALE):
            problems.append(_("接入进程 %(c)s 已 %(s)s 秒没有心跳（最后：%(b)s 条未入库）") % {
                "c": hb.consumer, "s": int((now - hb.updated_at).total_seconds()), "b": hb.backlog})
        elif hb.oldest_unsettled_at and hb.oldest_unsettled_at < now - datetime.timedelta(seconds=WATCHDOG_LAG):
            problems.append(_("接入进程 %(c)s 已接收但未入库的数据滞后 %(s)s 秒（%(b)s 条）") % {
                "c": hb.consumer, "s": int((now - hb.oldest_unsettled_at).total_seconds()), "b": hb.backlog})
    open_lag = Alarm.objects.filter(sensor__isnull=True, alarm_type=AlarmType.INGEST_LAG, state__in=ACTIVE_STATES)
    if problems:
        region = _system_region()
        if region is None:
            return 0
        _alarm, created = raise_system_alarm(AlarmType.INGEST_LAG, region, "；".join(problems), at=now)
        return 1 if created else 0
    if open_lag.filter(recovered_at__isnull=True).exists():
        open_lag.filter(recovered_at__isnull=True).update(recovered_at=now)
        return 1
    return 0


def in_flight():
    """PostgreSQL: the virtual transaction ids of the transactions open in this database now (ours excepted). Every
    transaction holds the lock on its own virtual id from its first statement to its end, whether or not it has
    written yet."""
    with connection.cursor() as cur:
        cur.execute("SELECT virtualtransaction FROM pg_locks WHERE locktype = 'virtualxid' AND granted "
                    "AND virtualxid = virtualtransaction AND pid <> pg_backend_pid() "
                    "AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())")
        return [r[0] for r in cur.fetchall()]


def wait_ended(vxids, seconds):
    """True once none of these transactions is open any more (polled), False if one still is after `seconds`."""
    deadline = time.monotonic() + seconds
    while vxids:
        with connection.cursor() as cur:
            cur.execute("SELECT virtualtransaction FROM pg_locks WHERE locktype = 'virtualxid' AND granted "
                        "AND virtualxid = virtualtransaction AND virtualtransaction = ANY(%s)", [vxids])
            vxids = [r[0] for r in cur.fetchall()]
        if vxids and time.monotonic() > deadline:
            log.warning("aggregation: transactions %s still open after %s s; the mark waits for them", vxids, seconds)
            return False
        if vxids:
            time.sleep(0.02)
    return True


def _bucket(dt, period):
    """The start of the hour or day (in the current time zone, as TruncHour/TruncDay count) `dt` falls in."""
    local = timezone.localtime(dt)
    local = local.replace(minute=0, second=0, microsecond=0) if period == "hour" else \
        local.replace(hour=0, minute=0, second=0, microsecond=0)
    return timezone.make_aware(local.replace(tzinfo=None))


@sweeper.sweep("monitoring.aggregate", every=30)
def aggregate(now):
    """Fold the readings logged above the mark into the hourly and daily aggregates. The mark is a ReadingLog id: each
    transaction that stores readings writes one log row with, per sensor, the first and last time of its readings
    (readings have no id of their own). For each sensor named by the new log rows, every hour and day bucket from
    the one holding its first time to the one holding its last is recounted from the raw readings and upserted, so
    folding a reading twice never counts it twice. The mark must never pass a log id that is not committed yet, or
    those readings would be skipped for ever: ids are handed out when a batch is stored, not when its transaction
    commits, so with several ingest processes a lower id can commit after a higher one was seen. SQLite has one
    writer at a time: ids commit in their order. PostgreSQL: `top` is read first, then the transactions open at
    that moment; every log row with an id <= top that was not committed then belongs to one of them (an id from the
    sequence is handed out inside an open transaction; the sequence's cache is 1, Django's default, so a later
    transaction gets a higher id). The sweep waits for them to end (they are batches of milliseconds) and then reads
    (mark, top] with every such row committed or rolled back. If one is still open after AGGREGATE_WAIT seconds (a
    stuck session), the readings visible now are folded but the mark stays, and the next sweep recounts from the
    same mark. The retention sweep deletes the log rows below the mark."""
    mark, _c = SweepMark.objects.get_or_create(name="aggregate")
    top = ReadingLog.objects.filter(pk__gt=mark.value).order_by("pk").values_list("pk", flat=True)[
        AGGREGATE_BATCH - 1:AGGREGATE_BATCH].first()
    if top is None:
        top = ReadingLog.objects.filter(pk__gt=mark.value).aggregate(m=Max("pk"))["m"]
    if top is None:
        return 0
    settled = connection.vendor != "postgresql" or wait_ended(in_flight(), AGGREGATE_WAIT)
    spans = {}  # sensor id -> [first, last] epoch seconds
    for logged in ReadingLog.objects.filter(pk__gt=mark.value, pk__lte=top).values_list("spans", flat=True):
        for sensor_id, first, last in logged:
            span = spans.setdefault(sensor_id, [first, last])
            span[0], span[1] = min(span[0], first), max(span[1], last)
    written = 0
    for period, trunc, step in (("hour", TruncHour, datetime.timedelta(hours=1)),
                                ("day", TruncDay, datetime.timedelta(days=1))):
        rows = []
        for sensor_id, (first, last) in spans.items():
            # a millisecond of margin: the stored time is the logged one rounded to the microsecond
            lo = _bucket(_utc(first - 0.001), period)
            hi = _bucket(_utc(last + 0.001), period) + step
            groups = (Reading.objects.filter(sensor_id=sensor_id, ts__gte=lo, ts__lt=hi).annotate(p=trunc("ts"))
                      .values("p").annotate(n=Count("ts"), s=Sum("value"), lo=Min("value"), hi=Max("value")))
            rows += [Aggregate(sensor_id=sensor_id, period=period, start=g["p"], count=g["n"], total=g["s"],
                               minimum=g["lo"], maximum=g["hi"]) for g in groups]
        Aggregate.objects.bulk_create(rows, update_conflicts=True, unique_fields=["sensor", "period", "start"],
                                      update_fields=["count", "total", "minimum", "maximum"], batch_size=2000)
        written += len(rows)
    if settled:
        SweepMark.objects.filter(name="aggregate").update(value=top)
    return written


def _utc(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC)


@sweeper.sweep("monitoring.retention", every=3600)
def retention(now):
    from .models import RejectedReading

    cutoff = now - datetime.timedelta(days=retention_days())
    table = Reading._meta.db_table
    deleted = 0
    # sensor by sensor through the primary key (sensor, ts) (the table has no index on ts alone: one btree less
    # per reading stored); sensors are voided, never deleted, so every reading's sensor is in the list (voided ones included)
    for sensor_id in Sensor.objects.values_list("pk", flat=True).order_by("pk"):
        while True:
            with connection.cursor() as cur:
                cur.execute(f"DELETE FROM {table} WHERE sensor_id = %s AND ts IN (SELECT ts FROM {table} "
                            f"WHERE sensor_id = %s AND ts < %s LIMIT 20000)",
                            [sensor_id, sensor_id, connection.ops.adapt_datetimefield_value(cutoff)])
                n = cur.rowcount
            deleted += max(n, 0)
            if n < 20000:
                break
    RejectedReading.objects.filter(at__lt=now - datetime.timedelta(days=30)).delete()
    mark = SweepMark.objects.filter(name="aggregate").values_list("value", flat=True).first()
    if mark:  # log rows the aggregation has folded
        ReadingLog.objects.filter(pk__lte=mark).delete()
    return deleted


# --- monitoring.escalate: an alarm nobody confirms goes to the responsible people, through 叫应 -------------------
# minutes an alarm of a level may stay unconfirmed (已触发) before it is escalated; a level not named is not escalated
ESCALATE_MINUTES = {AlarmLevel.RED: 5, AlarmLevel.ORANGE: 10, AlarmLevel.YELLOW: 30}


def escalate_minutes():
    from django.conf import settings

    return {int(k): v for k, v in getattr(settings, "YINGJI_ALARM_ESCALATE_MINUTES", ESCALATE_MINUTES).items()}


@sweeper.sweep("monitoring.escalate", every=30)
def escalate(now):
    """A sensor alarm still 已触发 (nobody confirmed it) past its level's minutes is released to the responsible
    people of its region (release/services.start_release: SMS and the level's channels, 叫应 required, with the
    release's own redials and escalation to superiors). Claimed with a conditional UPDATE (escalated_at IS NULL
    AND state = 已触发): once per alarm, however many sweepers run; confirming it first means no escalation."""
    from yingji.warning.release import services as release

    from .services import LEVEL_WARNING

    minutes = escalate_minutes()
    done = 0
    for level, after in minutes.items():
        cutoff = now - datetime.timedelta(minutes=after)
        due = (Alarm.objects.active().filter(state=AlarmState.FIRING, level=level, escalated_at__isnull=True,
                                             sensor__isnull=False, triggered_at__lte=cutoff)
               .select_related("sensor", "station", "region"))
        for alarm in due:
            with transaction.atomic():
                if not Alarm.objects.filter(pk=alarm.pk, state=AlarmState.FIRING,
                                            escalated_at__isnull=True).update(escalated_at=now):
                    continue  # confirmed meanwhile, or another sweeper has it
                with translation.override(settings.LANGUAGE_CODE):  # sent text: Chinese
                    title = _("监测报警%(n)s分钟无人确认：%(place)s") % {
                        "n": after, "place": alarm.station.name if alarm.station_id else alarm.region.name}
                    text = _("%(place)s%(kind)s传感器（%(code)s）%(level)s报警：%(message)s（触发于%(at)s）。"
                             "值班人员尚未确认，请立即核实现场情况并回复确认。") % {
                        "place": alarm.station.name if alarm.station_id else alarm.region.name,
                        "kind": alarm.sensor.get_kind_display(), "code": alarm.sensor.code,
                        "level": alarm.get_level_display(), "message": alarm.message.rstrip("。"),
                        "at": timezone.localtime(alarm.triggered_at).strftime("%m-%d %H:%M")}
                sent = release.start_release(alarm, actor=None, title=title, text=text,
                                             level=LEVEL_WARNING[alarm.level], regions=[alarm.region], confirm=True)
                Alarm.objects.filter(pk=alarm.pk).update(escalation=sent)
                done += 1
    return done
