"""The ingest pipeline shared by the MQTT consumer (`yingji ingest`) and the HTTP batch API.

`Pipeline.process(messages)` takes a batch of (topic, payload bytes) and, in ONE transaction: parses every payload,
refuses what is bad (not JSON, wrong shape, unknown sensor, a time in the future or before the retention period, a
value outside the sensor's physical range) without letting it block the good readings, inserts the good ones
(`INSERT … ON CONFLICT (sensor_id, ts) DO NOTHING`: a redelivered message is stored once), evaluates the alarm
rules (engine.py) and writes the alarms. Only after that transaction has committed does the MQTT consumer
acknowledge the messages (QoS 1, manual ack), so an acknowledged reading is a stored reading.

Payload (topic yingji/readings/<gateway>; docs/monitoring.md):

    {"gateway": "GW-01", "readings": [{"sensor": "RG-001", "ts": "2026-12-04T14:00:00+08:00", "value": 3.5}, …]}

`ts` may also be epoch seconds or milliseconds; a bare JSON list of readings is accepted too.
"""

import datetime
import json
import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import engine
from .choices import ACTIVE_STATES, Metric, RejectReason

log = logging.getLogger("yingji.monitoring.ingest")

FUTURE_TOLERANCE = 300  # seconds of clock skew accepted from a gateway
RULES_REFRESH = 60  # seconds between two reloads of the rule table
UNKNOWN_RECHECK = 60  # seconds an unknown sensor code is remembered as unknown
SAMPLES_PER_SECOND = 5  # rejected readings kept as samples, per reason and second


def retention_days():
    return getattr(settings, "MONITORING_RETENTION_DAYS", 400)


@dataclass
class Rejection:
    reason: str
    detail: str = ""
    sensor: str = ""
    topic: str = ""


@dataclass
class Result:
    readings: int = 0  # readings in the batch (good and bad)
    stored: int = 0
    duplicates: int = 0
    rejected: list = field(default_factory=list)
    fired: list = field(default_factory=list)  # alarm ids created
    events: list = field(default_factory=list)  # (sensor code, alarm type, action, level, ts) of each decision
    decisions: int = 0


def _parse_ts(raw):
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, int | float):
        seconds = raw / 1000.0 if raw > 1e11 else float(raw)
        return seconds
    if isinstance(raw, str):
        dt = datetime.datetime.fromisoformat(raw)
        if dt.tzinfo is None:
            dt = timezone.make_aware(dt)
        return dt.timestamp()
    raise ValueError


def _readings_of(doc):
    if isinstance(doc, dict):
        items = doc.get("readings")
        if items is None and "sensor" in doc:
            items = [doc]
    else:
        items = doc
    if not isinstance(items, list):
        raise ValueError
    return items


class Pipeline:
    def __init__(self, consumer="ingest", *, scope=None):
        self.consumer = consumer
        self.scope = scope  # None (the MQTT consumer: every sensor) or a queryset of the sensors allowed (HTTP)
        self.sensors = {}  # code -> SensorState
        self.unknown = {}  # code -> monotonic time it was found unknown
        self.rules = None
        self.rules_loaded = 0.0
        self.samples = Counter()
        self.sample_second = 0
        self.totals = Counter()
        self.rejected_by_reason = Counter()

    # --- sensors and rules -------------------------------------------------------------------------------------------
    def _load_rules(self, force=False):
        from .models import AlarmRule

        now = time.monotonic()
        if self.rules is not None and not force and now - self.rules_loaded < RULES_REFRESH:
            return False
        self.rules = list(AlarmRule.objects.valid_on().select_related("region"))
        self.rules_loaded = now
        return True

    def _compile(self, state, sensor_region):
        rules = engine.choose_rules(self.rules, state.kind, state.code, sensor_region)
        state.rules = [engine.CompiledRule.of(r) for r in rules]

    def _sensor_states(self, codes):
        """SensorState for each known code (loading and warming up the new ones)."""
        from .models import Alarm, Sensor

        if self._load_rules():
            self.sensors.clear()  # recompiled below with the fresh rules (tracks are rebuilt from the DB)
        missing = [c for c in codes if c not in self.sensors
                   and time.monotonic() - self.unknown.get(c, -1e9) > UNKNOWN_RECHECK]
        if missing:
            qs = Sensor.objects.active() if self.scope is None else self.scope.active()
            found = list(qs.filter(code__in=missing).select_related("station__region"))
            ids = [s.pk for s in found]
            open_alarms = defaultdict(list)
            for a in Alarm.objects.filter(sensor_id__in=ids, state__in=ACTIVE_STATES).only(
                    "pk", "sensor_id", "alarm_type", "level", "recovered_at", "peak_value"):
                open_alarms[a.sensor_id].append(a)
            for s in found:
                st = engine.SensorState(s.pk, s.code, s.kind, s.station_id, s.station.region_id, s.range_min,
                                        s.range_max, s.offline_seconds, label=f"{s.station.name} {s.code}",
                                        unit=s.unit)
                self._compile(st, s.station.region)
                for a in open_alarms[s.pk]:
                    if a.recovered_at is None:
                        st.tracks[a.alarm_type] = engine.Track(engine.FIRING, 0.0, a.level, a.pk, a.peak_value)
                last = _last_reading(s.pk)
                if last is not None:
                    st.last_ts, st.last_value = last
                    st.status_ts = 0.0
                self.sensors[s.code] = st
                self.unknown.pop(s.code, None)
            for c in set(missing) - {s.code for s in found}:
                self.unknown[c] = time.monotonic()
        return self.sensors

    def forget(self, codes=None):
        """Drop the in-memory state (after a failed transaction): it is rebuilt from the database."""
        if codes is None:
            self.sensors.clear()
        else:
            for c in codes:
                self.sensors.pop(c, None)

    # --- the batch ---------------------------------------------------------------------------------------------------
    def parse(self, messages, now):
        """[(topic, payload)] → ([(code, ts, value)], [Rejection]); nothing here touches the database."""
        good, bad = [], []
        for topic, payload in messages:
            try:
                doc = json.loads(payload)
            except (ValueError, UnicodeDecodeError):
                bad.append(Rejection(RejectReason.NOT_JSON, repr(payload[:80]), topic=topic))
                continue
            try:
                items = _readings_of(doc)
            except ValueError:
                bad.append(Rejection(RejectReason.BAD_SHAPE, str(doc)[:120], topic=topic))
                continue
            for item in items:
                try:
                    code = item["sensor"]
                    value = item["value"]
                    if not isinstance(code, str) or isinstance(value, bool) or not isinstance(value, int | float):
                        raise ValueError
                    ts = _parse_ts(item["ts"])
                    if value != value or value in (float("inf"), float("-inf")):
                        raise ValueError
                except (KeyError, TypeError, ValueError, OverflowError):
                    bad.append(Rejection(RejectReason.BAD_SHAPE, str(item)[:120], topic=topic))
                    continue
                good.append((code, ts, float(value), topic))
        return good, bad

    def process(self, messages, now=None):
        """Store and evaluate one batch (see the module docstring). Raises on a database error (nothing is kept:
        the caller retries the same batch and must not acknowledge it)."""
        now_dt = now or timezone.now()
        now_s = now_dt.timestamp()
        result = Result()
        good, bad = self.parse(messages, now_s)
        codes = {g[0] for g in good}
        try:
            with transaction.atomic():
                states = self._sensor_states(codes)
                oldest = now_s - retention_days() * 86400
                rows = []
                for code, ts, value, topic in good:
                    st = states.get(code)
                    if st is None:
                        bad.append(Rejection(RejectReason.UNKNOWN_SENSOR, "", code, topic))
                    elif ts > now_s + FUTURE_TOLERANCE:
                        bad.append(Rejection(RejectReason.FUTURE, _fmt(ts), code, topic))
                    elif ts < oldest:
                        bad.append(Rejection(RejectReason.TOO_OLD, _fmt(ts), code, topic))
                    elif not (st.range_min <= value <= st.range_max):
                        bad.append(Rejection(RejectReason.OUT_OF_RANGE,
                                             f"{value} ∉ [{st.range_min}, {st.range_max}]", code, topic))
                    else:
                        rows.append((st, ts, value))
                result.readings = len(rows) + len(bad)
                inserted = insert_readings([(st.sensor_id, ts, value) for st, ts, value in rows])
                result.stored = inserted
                result.duplicates = len(rows) - inserted
                rows.sort(key=lambda r: (r[0].sensor_id, r[1]))
                self._evaluate(rows, result, now_dt)
                self._write_status(rows)
                self._sample(bad, now_s)
        except Exception:
            self.forget(codes)
            raise
        result.rejected = bad
        self.totals.update(readings=result.readings, stored=result.stored, duplicates=result.duplicates,
                           rejected=len(bad), messages=len(messages))
        self.rejected_by_reason.update(str(b.reason) for b in bad)
        return result

    def _evaluate(self, rows, result, now_dt):
        from . import services

        sums_needed = [(st, ts) for st, ts, _v in rows if st.has_sums]
        sums = window_sums(sums_needed) if sums_needed else {}
        rate_needed = [(st, ts, r.window) for st, ts, _v in rows for r in st.rules if r.metric == Metric.RATE]
        starts = window_starts(rate_needed) if rate_needed else {}
        for st, ts, value in rows:
            if st.last_ts is not None and ts <= st.last_ts:
                continue  # a redelivery or a late reading: stored, but the engine has moved past it
            st.last_ts, st.last_value = ts, value
            for rule in st.rules:
                if rule.metric == Metric.VALUE:
                    x = value
                elif rule.metric == Metric.RATE:
                    # the change over the rule's window (from the first reading in it), scaled to the window
                    first = starts.get((st.sensor_id, ts, rule.window))
                    if first is None or ts - first[0] < rule.window * 30:
                        continue  # less than half a window of data: no rate yet
                    x = (value - first[1]) / (ts - first[0]) * rule.window * 60
                else:
                    x = sums[(st.sensor_id, ts)][rule.window]
                decision = engine.step(rule, st.track(rule.alarm_type), rule.level_of(x), ts, x)
                if decision is not None:
                    result.decisions += 1
                    alarm_id = services.apply_decision(st, decision, now_dt)
                    action = decision.action
                    if action == "fire":
                        if alarm_id:
                            result.fired.append(alarm_id)
                        else:
                            action = "merge"  # into the alarm still open: nobody is notified twice
                    result.events.append((st.code, rule.alarm_type, action, decision.level, ts))

    def _write_status(self, rows):
        latest = {}
        for st, ts, value in rows:
            cur = latest.get(st.sensor_id)
            if cur is None or ts > cur[1]:
                latest[st.sensor_id] = (st, ts, value)
        due = []
        for st, ts, value in latest.values():
            throttle = min(30.0, st.offline_seconds / 3)
            if ts - st.status_ts >= throttle:
                st.status_ts = ts
                due.append((st.sensor_id, ts, value))
        if due:
            upsert_status(due)

    def _sample(self, bad, now_s):
        from .models import RejectedReading

        if not bad:
            return
        second = int(now_s)
        if second != self.sample_second:
            self.sample_second, self.samples = second, Counter()
        keep = []
        for b in bad:
            if self.samples[b.reason] < SAMPLES_PER_SECOND:
                self.samples[b.reason] += 1
                keep.append(RejectedReading(consumer=self.consumer[:100], reason=b.reason, sensor_code=b.sensor[:60],
                                            detail=b.detail[:300], topic=(b.topic or "")[:200]))
            log.warning("rejected reading (%s): %s %s", b.reason, b.sensor, b.detail[:120])
        if keep:
            RejectedReading.objects.bulk_create(keep)


def _fmt(ts):
    return timezone.localtime(datetime.datetime.fromtimestamp(ts, datetime.UTC)).isoformat(timespec="seconds")


def _dt(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.UTC)


def _adapt(ts):
    return connection.ops.adapt_datetimefield_value(_dt(ts))


def _last_reading(sensor_id):
    from .models import Reading

    row = Reading.objects.filter(sensor_id=sensor_id).order_by("-ts").values_list("ts", "value").first()
    return (row[0].timestamp(), row[1]) if row else None


def insert_readings(rows):
    """Insert (sensor_id, ts seconds, value) rows, skipping those already stored; returns how many were new.
    The same SQL on SQLite and PostgreSQL (ON CONFLICT … DO NOTHING)."""
    if not rows:
        return 0
    from .models import Reading

    table = Reading._meta.db_table
    sql = (f"INSERT INTO {table} (sensor_id, ts, value) VALUES (%s, %s, %s) "
           f"ON CONFLICT (sensor_id, ts) DO NOTHING")
    before = None
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            before = connection.connection.total_changes
        cur.executemany(sql, [(s, _adapt(ts), v) for s, ts, v in rows])
        if before is not None:
            return connection.connection.total_changes - before
        return cur.rowcount if cur.rowcount is not None and cur.rowcount >= 0 else len(rows)


def upsert_status(rows):
    """(sensor_id, ts, value): last_seen_at only moves forward; a reading brings an offline sensor back (its
    offline alarm is marked recovered)."""
    from .models import Alarm, SensorStatus

    table = SensorStatus._meta.db_table
    sql = (f"INSERT INTO {table} (sensor_id, last_seen_at, last_value, offline_since) VALUES (%s, %s, %s, NULL) "
           f"ON CONFLICT (sensor_id) DO UPDATE SET "
           f"last_value = CASE WHEN {table}.last_seen_at IS NULL OR excluded.last_seen_at > {table}.last_seen_at "
           f"THEN excluded.last_value ELSE {table}.last_value END, "
           f"last_seen_at = CASE WHEN {table}.last_seen_at IS NULL OR excluded.last_seen_at > {table}.last_seen_at "
           f"THEN excluded.last_seen_at ELSE {table}.last_seen_at END, offline_since = NULL")
    with connection.cursor() as cur:
        cur.executemany(sql, [(s, _adapt(ts), v) for s, ts, v in rows])
    ids = [s for s, _t, _v in rows]
    back = Alarm.objects.filter(sensor_id__in=ids, alarm_type="offline", state__in=ACTIVE_STATES,
                                recovered_at__isnull=True)
    if back.exists():
        back.update(recovered_at=timezone.now())


def window_sums(pairs):
    """{(sensor_id, ts): {window minutes: sum of the readings in (ts - window, ts]}} for the rain sums."""
    from .models import Reading

    table = Reading._meta.db_table
    windows = (60, 180, 360, 1440)
    cols = ", ".join("SUM(CASE WHEN ts > %s THEN value ELSE 0 END)" for _w in windows)
    out = {}
    with connection.cursor() as cur:
        for st, ts in pairs:
            params = [_adapt(ts - w * 60) for w in windows] + [st.sensor_id, _adapt(ts - 1440 * 60), _adapt(ts)]
            cur.execute(f"SELECT {cols} FROM {table} WHERE sensor_id = %s AND ts > %s AND ts <= %s", params)
            row = cur.fetchone()
            out[(st.sensor_id, ts)] = {w: float(v or 0) for w, v in zip(windows, row, strict=True)}
    return out


def window_starts(triples):
    """{(sensor_id, ts, window): (ts0, value0)} of the first reading in [ts - window, ts) for the rates."""
    from .models import Reading

    table = Reading._meta.db_table
    out = {}
    with connection.cursor() as cur:
        for st, ts, window in triples:
            cur.execute(f"SELECT ts, value FROM {table} WHERE sensor_id = %s AND ts >= %s AND ts < %s "
                        f"ORDER BY ts LIMIT 1", [st.sensor_id, _adapt(ts - window * 60), _adapt(ts)])
            row = cur.fetchone()
            if row is not None:
                t0 = row[0]
                if isinstance(t0, str):
                    t0 = datetime.datetime.fromisoformat(t0)
                if t0.tzinfo is None:
                    t0 = t0.replace(tzinfo=datetime.UTC)
                out[(st.sensor_id, ts, window)] = (t0.timestamp(), row[1])
    return out


def retry_alarm_insert(create, find):
    """create() inside a savepoint; on the unique constraint, find() the active row another process made."""
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        return find(), False

