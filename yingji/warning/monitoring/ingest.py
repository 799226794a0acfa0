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
from itertools import repeat
from math import isfinite
from operator import itemgetter, truediv

import numpy as np
import orjson
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.utils import timezone

from . import engine
from .choices import ACTIVE_STATES, Metric, RejectReason

log = logging.getLogger("yingji.monitoring.ingest")

FUTURE_TOLERANCE = 300  # seconds of clock skew accepted from a gateway
CHANGE_CHECK = 5  # seconds between two looks at whether the rules, sensors or stations changed
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
    if isinstance(raw, (int, float)):  # noqa: UP038 — a tuple is cheaper than a union here
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



_FIELDS = itemgetter("sensor", "ts", "value")
_CODE, _TS, _VALUE = itemgetter(0), itemgetter(1), itemgetter(2)
_NUMBERS = frozenset((int, float))  # exact types: json gives exactly these; a bool is not a number here
_MS = 1e11  # a numeric ts above this is in milliseconds


def _decode(payload):
    """(document, whether its numbers are all finite). orjson (about 3× the stdlib's speed on our payloads) refuses
    NaN, Infinity and a number beyond a double; what it refuses goes to the stdlib parser, which accepts a little
    more (NaN, a UTF-16 document, integers of any size), so a payload is refused as not JSON exactly when it was
    before and a NaN inside a message is still one bad reading, not a bad message."""
    try:
        return orjson.loads(payload), True
    except orjson.JSONDecodeError:
        return json.loads(payload), False


def parse_message(topic, payload):
    """One message → ([(code, ts seconds, value)], [Rejection]). The usual message — every reading an object with a
    str sensor, a numeric ts all in seconds or all in milliseconds, a numeric value, all finite — is checked with
    C-level passes over the whole message (map/zip/min/max: no Python bytecode per reading); anything else goes
    reading by reading (_parse_items), with the same verdicts."""
    try:
        doc, finite = _decode(payload)
    except (ValueError, UnicodeDecodeError):
        return [], [Rejection(RejectReason.NOT_JSON, repr(payload[:80]), topic=topic)]
    try:
        items = _readings_of(doc)
    except ValueError:
        return [], [Rejection(RejectReason.BAD_SHAPE, str(doc)[:120], topic=topic)]
    if not items:
        return [], []
    try:
        rows = list(map(_FIELDS, items))  # KeyError: a field missing; TypeError: an item that is not an object
        codes, tss, values = zip(*rows)
        ts_types, value_types = set(map(type, tss)), set(map(type, values))
        if (set(map(type, codes)) != {str} or not ts_types <= _NUMBERS or not value_types <= _NUMBERS
                or not (finite or all(map(isfinite, tss)) and all(map(isfinite, values)))):
            raise ValueError
        converted = ts_types != {float} or value_types != {float}
        if max(tss) <= _MS:  # seconds
            tss = map(float, tss) if ts_types != {float} else tss
        elif min(tss) > _MS:  # milliseconds
            tss, converted = map(truediv, tss, repeat(1000.0)), True
        else:
            raise ValueError  # both in one message: reading by reading
        if converted:
            rows = list(zip(codes, tss, map(float, values) if value_types != {float} else values))
    except (KeyError, TypeError, ValueError, OverflowError):
        return _parse_items(topic, items)
    return rows, []


def _parse_items(topic, items):
    """Reading by reading (a message the fast path of parse_message did not take): each bad one is refused, the
    others kept."""
    good, bad = [], []
    for item in items:
        try:
            code, value, raw = item["sensor"], item["value"], item["ts"]
            tv, tr = type(value), type(raw)
            if type(code) is not str or (tv is not float and tv is not int):
                raise ValueError
            if tr is float or tr is int:
                ts = raw / 1000.0 if raw > _MS else float(raw)
            else:
                ts = _parse_ts(raw)
            value = float(value)
            if not (isfinite(value) and isfinite(ts)):
                raise ValueError
        except (KeyError, TypeError, ValueError, OverflowError):
            bad.append(Rejection(RejectReason.BAD_SHAPE, str(item)[:120], topic=topic))
            continue
        good.append((code, ts, value))
    return good, bad

class Pipeline:
    """One per process (or per HTTP request). Sensors and rules are cached in memory: a sensor is loaded (with its
    open alarms and last reading, in three queries for all the new sensors of a batch) the first time a batch names
    it; every CHANGE_CHECK seconds one look at the rule table and at the sensors' and stations' (count, last
    update) tells whether anything changed, and only then are the rules recompiled and the cached sensors
    refreshed (their alarm state and last reading are kept)."""

    def __init__(self, consumer="ingest", *, scope=None):
        self.consumer = consumer
        self.scope = scope  # None (the MQTT consumer: every sensor) or a queryset of the sensors allowed (HTTP)
        self.sensors = {}  # code -> SensorState
        self.unknown = {}  # code -> monotonic time it was found unknown
        self.rules = None
        self.rules_key = None
        self.sensors_key = None
        self.checked = -1e9
        self.samples = Counter()
        self.sample_second = 0
        self.totals = Counter()
        self.rejected_by_reason = Counter()

    # --- sensors and rules -------------------------------------------------------------------------------------------
    def _sensor_qs(self):
        from .models import Sensor

        return Sensor.objects.active() if self.scope is None else self.scope.active()

    def _check_changes(self):
        """Reload the rules and refresh the cached sensors when the tables changed (at most every CHANGE_CHECK s)."""
        from django.db.models import Count, Max

        from .models import AlarmRule, Sensor, Station

        now = time.monotonic()
        if now - self.checked < CHANGE_CHECK:
            return
        self.checked = now
        rules = list(AlarmRule.objects.valid_on().select_related("region").order_by("pk"))
        # every field of every rule in force (a QuerySet.update() does not touch updated_at, so compare values)
        rules_key = tuple(tuple(v for k, v in vars(r).items() if not k.startswith("_")) for r in rules)
        sensors_key = (tuple(Sensor.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values()),
                       tuple(Station.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values()))
        rules_changed, sensors_changed = rules_key != self.rules_key, sensors_key != self.sensors_key
        self.rules, self.rules_key, self.sensors_key = rules, rules_key, sensors_key
        if sensors_changed and self.sensors:
            fresh = {s.code: s for s in self._sensor_qs().filter(code__in=list(self.sensors))
                     .select_related("station__region")}
            for code in list(self.sensors):
                if code in fresh:
                    self.sensors[code].refresh(fresh[code])
                else:  # voided, renamed or out of scope: unknown until it is found again
                    del self.sensors[code]
        if rules_changed or sensors_changed:
            for st in self.sensors.values():
                self._compile(st)
        if sensors_changed:
            self.unknown.clear()

    def _compile(self, state):
        rules = engine.choose_rules(self.rules, state.kind, state.code, state.region)
        state.rules = [engine.CompiledRule.of(r) for r in rules]
        state.has_sums = any(r.metric == Metric.SUM for r in state.rules)
        state.quiet_bounds = engine.quiet_bounds(state.rules)

    def _sensor_states(self, codes):
        """SensorState for each known code (loading and warming up the new ones in three queries)."""
        from django.db.models import OuterRef, Subquery

        from .models import Alarm, Reading

        self._check_changes()
        mono = time.monotonic()
        missing = [c for c in codes if c not in self.sensors and mono - self.unknown.get(c, -1e9) > UNKNOWN_RECHECK]
        if not missing:
            return self.sensors
        latest = Reading.objects.filter(sensor_id=OuterRef("pk")).order_by("-ts")
        found = list(self._sensor_qs().filter(code__in=missing).select_related("station__region").annotate(
            last_ts=Subquery(latest.values("ts")[:1]), last_reading=Subquery(latest.values("value")[:1])))
        open_alarms = defaultdict(list)
        for a in Alarm.objects.filter(sensor_id__in=[s.pk for s in found], state__in=ACTIVE_STATES).only(
                "pk", "sensor_id", "alarm_type", "level", "recovered_at", "peak_value"):
            open_alarms[a.sensor_id].append(a)
        for s in found:
            st = engine.SensorState(s.pk, s.code, s.kind, s.station_id, s.station.region_id, s.range_min,
                                    s.range_max, s.offline_seconds)
            st.refresh(s)
            self._compile(st)
            for a in open_alarms[s.pk]:
                if a.recovered_at is None:
                    st.tracks[a.alarm_type] = engine.Track(engine.FIRING, 0.0, a.level, a.pk, a.peak_value)
            if s.last_ts is not None:
                st.last_ts, st.last_value = _epoch(s.last_ts), s.last_reading
                st.status_ts = 0.0
            self.sensors[s.code] = st
            self.unknown.pop(s.code, None)
        for c in set(missing) - {s.code for s in found}:
            self.unknown[c] = mono
        return self.sensors

    def preload(self, chunk=2000):
        """Load every sensor in scope (with its open alarms and last reading: _sensor_states) before the first batch,
        so that a process started with a backlog waiting for it — after a restart or a deployment — drains it at
        full speed instead of loading, in its first batches, the sensors they name (~0.1 s for 500 sensors on this
        machine, while the messages wait unacknowledged). Three queries per `chunk` sensors."""
        codes = list(self._sensor_qs().order_by("pk").values_list("code", flat=True))
        for k in range(0, len(codes), chunk):
            self._sensor_states(codes[k:k + chunk])
        return len(codes)

    def forget(self, codes=None):
        """Drop the in-memory state (after a failed transaction): it is rebuilt from the database."""
        if codes is None:
            self.sensors.clear()
        else:
            for c in codes:
                self.sensors.pop(c, None)

    # --- the batch ---------------------------------------------------------------------------------------------------
    def parse(self, messages, now=None):
        """[(topic, payload)] → ([(topic, [(code, ts, value)])], [Rejection]): each message's good readings (ts in
        epoch seconds, value a float; checked for shape and type, not yet against the sensors) and the refusals.
        Nothing here touches the database."""
        good, bad = [], []
        for topic, payload in messages:
            rows, refused = parse_message(topic, payload)
            if rows:
                good.append((topic, rows))
            bad += refused
        return good, bad

    def process(self, messages, now=None, parsed=None):
        """Store and evaluate one batch (see the module docstring). Raises on a database error (nothing is kept:
        the caller retries the same batch and must not acknowledge it). `parsed`: what parse(messages) returned,
        when the caller parsed the batch already (the MQTT consumer does, in paho's thread, as each message arrives)."""
        now_dt = now or timezone.now()
        now_s = now_dt.timestamp()
        result = Result()
        good, bad = parsed if parsed is not None else self.parse(messages)
        bad = list(bad)
        rows = []
        for _topic, chunk in good:
            rows += chunk
        n = len(rows)
        all_codes, all_times, all_values = zip(*rows) if rows else ((), (), ())
        codes = list(set(all_codes))
        try:
            with transaction.atomic():
                states = self._sensor_states(codes)
                oldest, newest = now_s - retention_days() * 86400, now_s + FUTURE_TOLERANCE
                # the batch as three NumPy columns, ordered by sensor id, time and value in C: rows, alarms and
                # statuses are written in one order by every process (no deadlock between two of them), the unique
                # index is walked once; an unknown sensor is id 0, first
                ids = {code: st.sensor_id for code in codes if (st := states.get(code)) is not None}
                sensor_ids = np.fromiter(map(ids.get, all_codes, repeat(0)), dtype=np.int64, count=n)
                times, values = np.array(all_times, dtype=np.float64), np.array(all_values, dtype=np.float64)
                order = np.lexsort((values, times, sensor_ids))
                sensor_ids, times, values = sensor_ids[order], times[order], values[order]
                in_order = itemgetter(*order.tolist())(rows) if n > 1 else tuple(rows)  # the tuples, in C
                # per sensor: where its readings begin and end, their lowest and highest value, first and last time
                starts = np.flatnonzero(np.diff(sensor_ids, prepend=-1))
                ends = np.append(starts[1:], n).astype(np.intp)
                bounds = (starts.tolist(), ends.tolist(), np.minimum.reduceat(values, starts).tolist(),
                          np.maximum.reduceat(values, starts).tolist(), times[starts].tolist(),
                          times[ends - 1].tolist(), sensor_ids[starts].tolist()) if n else ((),) * 7
                by_id = {st.sensor_id: st for st in states.values()}
                groups = []  # (SensorState, its good readings by time, lowest value, highest value)
                refused = []  # (reason, detail, code, reading)
                sorted_out = False
                for start, end, lo, hi, first, last, sensor_id in zip(*bounds, strict=True):
                    readings = list(in_order[start:end])
                    if not sensor_id:
                        refused += [(RejectReason.UNKNOWN_SENSOR, "", r[0], r) for r in readings]
                        sorted_out = True
                        continue
                    st = by_id[sensor_id]
                    if first < oldest or last > newest or not (st.range_min <= lo and hi <= st.range_max):
                        readings = _sort_out(st, readings, oldest, newest, refused)
                        sorted_out = True
                        if not readings:
                            continue
                        lo, hi = min(map(_VALUE, readings)), max(map(_VALUE, readings))
                    groups.append((st, readings, lo, hi))
                if refused:
                    bad += _rejections(refused, good)
                if sorted_out:  # the columns of the readings kept (rarely: some were refused)
                    sensor_ids = [st.sensor_id for st, readings, _lo, _hi in groups for _r in readings]
                    times = [r[1] for _st, readings, _lo, _hi in groups for r in readings]
                    values = [r[2] for _st, readings, _lo, _hi in groups for r in readings]
                n = len(times)
                result.readings = n + len(bad)
                inserted = insert_readings(sensor_ids, times, values,
                                           [[st.sensor_id, r[0][1], r[-1][1]] for st, r, _lo, _hi in groups])
                result.stored = inserted
                result.duplicates = n - inserted
                self._evaluate(groups, result, now_dt)
                self._write_status(groups)
                self._sample(bad, now_s)
        except Exception:
            self.forget(codes)
            raise
        result.rejected = bad
        self.totals.update(readings=result.readings, stored=result.stored, duplicates=result.duplicates,
                           rejected=len(bad), messages=len(messages))
        self.rejected_by_reason.update(str(b.reason) for b in bad)
        return result

    def _evaluate(self, groups, result, now_dt):
        """Judge each sensor's new readings (groups: [(SensorState, its readings of the batch by time, lowest value,
        highest value)]), in sensor order. Vectorised per sensor: when all its rules judge the value and no value of
        the batch reaches a threshold (engine.SensorState.quiet), every reading is level 0 for every rule — with
        its tracks normal nothing can happen (the usual case); a track pending, firing or recovering changes at
        most twice, at the first reading and at the first one past its keep-firing period
        (engine.settle_quietly). The others go reading by reading through the engine."""
        from . import services

        judged = []  # (SensorState, [(code, ts, value)], through the engine?)
        for st, readings, lo, hi in groups:
            last = st.last_ts
            if last is not None and readings[0][1] <= last:  # a redelivery or a late reading: stored, not judged
                readings = [r for r in readings if r[1] > last]
                if not readings:
                    continue
                lo, hi = min(map(_VALUE, readings)), max(map(_VALUE, readings))
            if not st.rules or (st.quiet(lo, hi) and st.normal()):
                st.last_ts, st.last_value = readings[-1][1], readings[-1][2]
            else:
                judged.append((st, readings, not st.quiet(lo, hi)))
        if not judged:
            return
        # windows read from the database, one statement per batch for all the readings that need them
        sums_needed = [(st.sensor_id, r[1]) for st, readings, engine_ in judged if engine_ and st.has_sums
                       for r in readings]
        sums = window_sums(sums_needed) if sums_needed else {}
        rate_needed = [(st.sensor_id, r[1], rule.window) for st, readings, engine_ in judged if engine_
                       for rule in st.rules if rule.metric == Metric.RATE for r in readings]
        starts = window_starts(rate_needed) if rate_needed else {}
        batch = services.AlarmBatch(result.events, result.fired)
        for st, readings, engine_ in judged:
            if not engine_:
                for decision in engine.settle_quietly(st, readings):
                    result.decisions += 1
                    services.apply_decision(st, decision, now_dt, batch)
                st.last_ts, st.last_value = readings[-1][1], readings[-1][2]
                continue
            previous = None
            for _code, ts, value in readings:
                if ts == previous:
                    continue  # the same time twice in the batch: the first is the one judged
                previous = ts
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
                        services.apply_decision(st, decision, now_dt, batch)
        batch.flush()

    def _write_status(self, groups):
        due = []
        for st, readings, _lo, _hi in groups:
            _code, ts, value = readings[-1]  # the sensor's latest of the batch
            if ts - st.status_ts >= min(30.0, st.offline_seconds / 3):
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
        if len(bad) > len(keep):  # the rest are counted (heartbeat) and summed up here, not logged one by one
            log.warning("%s more readings rejected in this batch (%s)", len(bad) - len(keep),
                        dict(Counter(str(b.reason) for b in bad)))
        if keep:
            RejectedReading.objects.bulk_create(keep)


def _sort_out(st, readings, oldest, newest, refused):
    """A sensor's readings of which some are refused (a time in the future or before the retention, a value outside
    the sensor's range): those go to `refused` as (reason, detail, code, reading), the others are returned."""
    kept = []
    for r in readings:
        code, ts, value = r
        if ts > newest:
            refused.append((RejectReason.FUTURE, _fmt(ts), code, r))
        elif ts < oldest:
            refused.append((RejectReason.TOO_OLD, _fmt(ts), code, r))
        elif not (st.range_min <= value <= st.range_max):
            refused.append((RejectReason.OUT_OF_RANGE, f"{value} ∉ [{st.range_min}, {st.range_max}]", code, r))
        else:
            kept.append(r)
    return kept


def _rejections(refused, good):
    """Rejections of (reason, detail, code, reading), each with its message's topic (looked up only when there are
    refusals: a reading is a tuple of its message's chunk)."""
    topic_of = {id(r): topic for topic, chunk in good for r in chunk}
    return [Rejection(reason, detail, code, topic_of.get(id(r), "")) for reason, detail, code, r in refused]


def _fmt(ts):
    return timezone.localtime(datetime.datetime.fromtimestamp(ts, datetime.UTC)).isoformat(timespec="seconds")


def _dt(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.UTC)


def _epoch(value):
    """A datetime read back from the database (aware on PostgreSQL, naive UTC or text on SQLite) → epoch seconds."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.timestamp()


# --- set-based SQL: one statement per batch ------------------------------------------------------------------------
# PostgreSQL: the batch as three array parameters read by unnest(), each array written as one text literal
# ("{1,2,3}": str.join in C, where psycopg's list dumper runs Python per element), times as epoch seconds through
# to_timestamp(), on a psycopg cursor with server-side binding (Django's cursor binds on the client). SQLite: the
# sqlite3 module's executemany, or the batch as one JSON parameter read by json_each(). Both run on Django's
# connection, inside the batch's transaction. Timestamps on SQLite are stored as Django stores them: naive UTC
# text, "YYYY-MM-DD HH:MM:SS[.ffffff]".

def _pg():
    return connection.vendor == "postgresql"


def _pg_cursor():
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def _array(values):
    """A PostgreSQL array literal of numbers (repr of a float round-trips exactly)."""
    return "{" + ",".join(map(repr, values)) + "}"


def _sqlite_ts(ts):
    return str(_dt(ts).replace(tzinfo=None))


_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # binary COPY: signature, flags, header extension length
# one row: 3 fields, then each field's length and value: int8 sensor_id, timestamptz (µs since 2000), float8 value;
# as a NumPy record of big-endian fields, so that a whole batch's rows are written by a few C loops
_COPY_ROW = np.dtype([("fields", ">i2"), ("n1", ">i4"), ("sensor", ">i8"), ("n2", ">i4"), ("ts", ">i8"),
                      ("n3", ">i4"), ("value", ">f8")])
_COPY_TRAILER = b"\xff\xff"
_PG_EPOCH = 946684800.0  # 2000-01-01 UTC in Unix seconds
# rows sent at a time (114 kB, under psycopg's 128 kB write): PostgreSQL takes in one chunk while the next is sent
COPY_CHUNK = 3000


def copy_buffer(sensor_ids, times, values):
    """The rows (three columns: sensor ids, epoch seconds, values) in PostgreSQL's binary COPY format: the header,
    copy_rows(), the trailer."""
    return b"".join((_COPY_HEADER, copy_rows(sensor_ids, times, values), _COPY_TRAILER))


def copy_rows(sensor_ids, times, values):
    """The rows' bytes in PostgreSQL's binary COPY format, built column-wise in C (NumPy: no Python object per row;
    three times faster than the same with array and strided bytearray slices, docs/benchmarks.md). The time is
    rounded to microseconds the way to_timestamp() does (seconds since 2000, times 10⁶, rounded half to even:
    rint), so a reading stored by COPY and the same reading resent through the ON CONFLICT statement are the same
    (sensor, ts)."""
    rows = np.empty(len(sensor_ids), dtype=_COPY_ROW)
    rows["fields"], rows["n1"], rows["n2"], rows["n3"] = 3, 8, 8, 8
    rows["sensor"] = sensor_ids
    rows["ts"] = np.rint((np.asarray(times, dtype=np.float64) - _PG_EPOCH) * 1e6)
    rows["value"] = values
    return rows.data.cast("B")


def _spans(sensor_ids, times):
    """[[sensor id, first time, last time]] of readings given as columns."""
    spans = {}
    for s, t in zip(sensor_ids, times, strict=True):
        span = spans.get(s)
        if span is None:
            spans[s] = [s, t, t]
        elif t < span[1]:
            span[1] = t
        elif t > span[2]:
            span[2] = t
    return list(spans.values())


def _lists(*columns):
    """Columns as lists of Python numbers (a NumPy column's items are NumPy scalars, which neither sqlite3 nor repr()
    takes as numbers)."""
    return [c.tolist() if isinstance(c, np.ndarray) else c for c in columns]


def insert_readings(sensor_ids, times, values, spans=None):
    """Insert readings given as three columns (sensor ids, epoch seconds, values), skipping those already stored;
    returns how many were new. `spans`: [[sensor id, first time, last time]] of these readings (computed when not
    given), logged in one ReadingLog row in the same transaction — the aggregation sweep's mark and what it folds.

    PostgreSQL: binary COPY in a savepoint — the cheapest way in (about twice the rows/s of the INSERT … unnest
    below on this machine), but COPY cannot skip a conflict; when a (sensor, ts) is already there (a redelivered
    message, a gateway resending) the savepoint is rolled back and the batch goes through the
    `INSERT … ON CONFLICT (sensor_id, ts) DO NOTHING`, which stores each reading once. SQLite: executemany of the
    same ON CONFLICT statement."""
    if not len(sensor_ids):
        return 0
    from .models import Reading, ReadingLog

    table = Reading._meta.db_table
    log_row = (f"INSERT INTO {ReadingLog._meta.db_table} (spans) VALUES (%s)",
               (orjson.dumps(spans if spans is not None else _spans(sensor_ids, times)).decode(),))
    if _pg():
        import psycopg
        from psycopg import sql

        with _pg_cursor() as cur:
            # the log row and the savepoint in one round trip (a query without parameters goes by the simple
            # protocol, which takes several statements); the spans as a quoted literal
            cur.execute(sql.SQL(log_row[0].replace("%s", "{}") + "; SAVEPOINT yingji_copy").format(
                sql.Literal(log_row[1][0])))
            try:
                with cur.copy(f"COPY {table} (sensor_id, ts, value) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(_COPY_HEADER)
                    body, width = copy_rows(sensor_ids, times, values), _COPY_ROW.itemsize
                    for k in range(0, len(body), COPY_CHUNK * width):
                        copy.write(body[k:k + COPY_CHUNK * width])
                    copy.write(_COPY_TRAILER)
            except psycopg.errors.UniqueViolation:
                cur.execute("ROLLBACK TO SAVEPOINT yingji_copy")
            else:  # the savepoint is left to the transaction's end (its COMMIT releases it): one round trip less
                return len(sensor_ids)
            sensor_ids, times, values = _lists(sensor_ids, times, values)
            cur.execute(f"INSERT INTO {table} (sensor_id, ts, value) "
                        f"SELECT s, to_timestamp(t), v FROM unnest(%s::bigint[], %s::float8[], %s::float8[]) "
                        f"AS u(s, t, v) ON CONFLICT (sensor_id, ts) DO NOTHING",
                        (_array(sensor_ids), _array(times), _array(values)))
            inserted = cur.rowcount
            cur.execute("RELEASE SAVEPOINT yingji_copy")
            return inserted
    sensor_ids, times, values = _lists(sensor_ids, times, values)
    raw = connection.connection
    raw.execute(log_row[0].replace("%s", "?"), log_row[1])
    before = raw.total_changes
    raw.executemany(f"INSERT INTO {table} (sensor_id, ts, value) VALUES (?, ?, ?) "
                    f"ON CONFLICT (sensor_id, ts) DO NOTHING",
                    zip(sensor_ids, map(_sqlite_ts, times), values, strict=True))
    return raw.total_changes - before


def upsert_status(rows):
    """(sensor_id, ts, value), one row per sensor: last_seen_at only moves forward; a reading brings an offline
    sensor back (its offline alarm is marked recovered, and `rows_changed` tells the caches of derived state, the
    map's station layers, that a status changed; an ordinary reading changes no state they show and says
    nothing).

    One statement per batch in the usual case: the upsert leaves offline_since as it is and returns the sensors whose
    row has it set — read from the row version it updated, i.e. after taking the row's lock, so an offline sweep's
    claim committed while we waited for that lock is seen. Only when one is offline does a second step run
    (_back_online: offline_since cleared, the offline alarm marked recovered through the audited ORM update), in a
    statement that starts after the lock was taken and so sees the alarm the sweep committed with its claim. A
    claim that comes later waits for our row lock and then finds last_seen_at moved (sweeps.offline)."""
    from .models import SensorStatus

    table = SensorStatus._meta.db_table
    newer = f"{table}.last_seen_at IS NULL OR excluded.last_seen_at > {table}.last_seen_at"
    update = (f"ON CONFLICT (sensor_id) DO UPDATE SET "
              f"last_value = CASE WHEN {newer} THEN excluded.last_value ELSE {table}.last_value END, "
              f"last_seen_at = CASE WHEN {newer} THEN excluded.last_seen_at ELSE {table}.last_seen_at END")
    if _pg():
        with _pg_cursor() as cur:
            cur.execute(f"WITH up AS (INSERT INTO {table} (sensor_id, last_seen_at, last_value, offline_since) "
                        f"SELECT s, to_timestamp(t), v, NULL FROM unnest(%s::bigint[], %s::float8[], %s::float8[]) "
                        f"AS u(s, t, v) {update} RETURNING sensor_id, offline_since) "
                        f"SELECT sensor_id FROM up WHERE offline_since IS NOT NULL",
                        (_array([r[0] for r in rows]), _array([r[1] for r in rows]), _array([r[2] for r in rows])))
            back = [r[0] for r in cur.fetchall()]
    else:  # SQLite: the batch's transaction holds the database's write lock already (its readings are in)
        raw = connection.connection
        raw.executemany(f"INSERT INTO {table} (sensor_id, last_seen_at, last_value, offline_since) "
                        f"VALUES (?, ?, ?, NULL) {update}", [(s, _sqlite_ts(ts), v) for s, ts, v in rows])
        ids = [r[0] for r in rows]
        back = []
        for k in range(0, len(ids), 500):
            part = ids[k:k + 500]
            back += [r[0] for r in raw.execute(
                f"SELECT sensor_id FROM {table} WHERE offline_since IS NOT NULL "
                f"AND sensor_id IN ({', '.join(['?'] * len(part))})", part)]
    if back:
        _back_online(back)


def _back_online(ids):
    """Sensors that were offline and sent a reading: online again, their offline alarm recovered (audited)."""
    from yingji.platform.core.models import rows_changed

    from .models import Alarm, SensorStatus

    SensorStatus.objects.filter(sensor_id__in=ids).update(offline_since=None)
    rows_changed.send(sender=SensorStatus)
    Alarm.objects.filter(sensor_id__in=ids, alarm_type="offline", state__in=ACTIVE_STATES,
                         recovered_at__isnull=True).update(recovered_at=timezone.now())


SUM_WINDOWS = (60, 180, 360, 1440)


def window_sums(pairs):
    """{(sensor_id, ts): {window minutes: sum of the readings in (ts - window, ts]}} for the rain sums, in one
    statement for all the pairs."""
    from .models import Reading

    table = Reading._meta.db_table
    out = {}
    if _pg():
        cols = ", ".join(f"SUM(CASE WHEN r.ts > p.ts - interval '{w} minutes' THEN r.value ELSE 0 END)"
                         for w in SUM_WINDOWS)
        sql = (f"SELECT p.i, {cols} FROM (SELECT i, sid, to_timestamp(t) AS ts FROM unnest(%s::int[], "
               f"%s::bigint[], %s::float8[]) AS u(i, sid, t)) p "
               f"LEFT JOIN {table} r ON r.sensor_id = p.sid AND r.ts > p.ts - interval '1440 minutes' "
               f"AND r.ts <= p.ts GROUP BY p.i")
        with _pg_cursor() as cur:
            cur.execute(sql, (_array(range(len(pairs))), _array([s for s, _t in pairs]),
                              _array([t for _s, t in pairs])))
            found = cur.fetchall()
    else:
        # each pair as [sensor_id, ts, ts - 60 min, ts - 180 min, ts - 360 min, ts - 1440 min]
        doc = json.dumps([[s, _sqlite_ts(t), *(_sqlite_ts(t - w * 60) for w in SUM_WINDOWS)] for s, t in pairs])
        cols = ", ".join(f"SUM(CASE WHEN r.ts > json_extract(p.value, '$[{k}]') THEN r.value ELSE 0 END)"
                         for k in range(2, 2 + len(SUM_WINDOWS)))
        found = connection.connection.execute(
            f"SELECT CAST(p.key AS INTEGER), {cols} FROM json_each(?) AS p "
            f"LEFT JOIN {table} r ON r.sensor_id = json_extract(p.value, '$[0]') "
            f"AND r.ts > json_extract(p.value, '$[5]') AND r.ts <= json_extract(p.value, '$[1]') GROUP BY p.key",
            (doc,)).fetchall()
    for i, *sums in found:
        out[pairs[i]] = {w: float(v or 0) for w, v in zip(SUM_WINDOWS, sums, strict=True)}
    return out


def window_starts(triples):
    """{(sensor_id, ts, window): (ts0, value0)} of the first reading in [ts - window, ts) for the rates, in one
    statement for all the triples."""
    from .models import Reading

    table = Reading._meta.db_table
    if _pg():
        sql = (f"SELECT p.i, f.ts, f.value FROM (SELECT i, sid, to_timestamp(t) AS ts, to_timestamp(lo) AS lo "
               f"FROM unnest(%s::int[], %s::bigint[], %s::float8[], %s::float8[]) AS u(i, sid, t, lo)) p "
               f"CROSS JOIN LATERAL (SELECT r.ts, r.value FROM {table} r "
               f"WHERE r.sensor_id = p.sid AND r.ts >= p.lo AND r.ts < p.ts ORDER BY r.ts LIMIT 1) f")
        with _pg_cursor() as cur:
            cur.execute(sql, (_array(range(len(triples))), _array([s for s, _t, _w in triples]),
                              _array([t for _s, t, _w in triples]), _array([t - w * 60 for _s, t, w in triples])))
            found = cur.fetchall()
    else:
        doc = json.dumps([[s, _sqlite_ts(t), _sqlite_ts(t - w * 60)] for s, t, w in triples])
        found = connection.connection.execute(
            f"SELECT CAST(p.key AS INTEGER), r.ts, r.value FROM json_each(?) AS p JOIN {table} r "
            f"ON r.sensor_id = json_extract(p.value, '$[0]') AND r.ts = (SELECT MIN(r2.ts) FROM {table} r2 "
            f"WHERE r2.sensor_id = json_extract(p.value, '$[0]') AND r2.ts >= json_extract(p.value, '$[2]') "
            f"AND r2.ts < json_extract(p.value, '$[1]'))", (doc,)).fetchall()
    return {triples[i]: (_epoch(t0), v0) for i, t0, v0 in found}


def insert_unless_active(alarms):
    """INSERT unsaved sensor Alarms, each unless one of its (sensor, type) is active: `INSERT … ON CONFLICT DO
    NOTHING` (one pipeline on PostgreSQL, one statement on SQLite) against the partial unique constraints, so the database decides (another process's uncommitted alarm
    is waited for), without the savepoint a caught IntegrityError needs. Returns {(sensor_id, alarm_type): pk} of
    those inserted (their pk is set). Sends no post_save: the caller writes the audit rows (record_bulk_create)."""
    if not alarms:
        return {}
    meta = alarms[0]._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: every attribute of the `connection` proxy is a lookup
    quote = db.ops.quote_name
    row = f"({', '.join(['%s'] * len(fields))})"
    by_key = {(a.sensor_id, a.alarm_type): a for a in alarms}
    ids = {}
    insert = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    returning = f" ON CONFLICT DO NOTHING RETURNING {quote(meta.pk.column)}, sensor_id, alarm_type"
    if db.vendor == "postgresql":
        # one row's statement for every alarm, sent in one pipeline (psycopg's executemany): parsed once and
        # cached by psycopg, where a statement of n rows is a new text of n × 20 parameters to parse for each batch
        # (measured: a third of the time a storm's batch spent judging, docs/benchmarks.md)
        with _pg_cursor() as cur:
            cur.executemany(insert + row + returning,
                            [[f.get_db_prep_save(f.pre_save(a, True), db) for f in fields] for a in alarms],
                            returning=True)
            while True:
                for pk, sensor_id, alarm_type in cur.fetchall():
                    ids[(sensor_id, alarm_type)] = pk
                if not cur.nextset():
                    break
    else:
        with db.cursor() as cur:
            for k in range(0, len(alarms), 500):  # SQLite takes at most 32,766 parameters a statement
                part = alarms[k:k + 500]
                cur.execute(insert + ", ".join([row] * len(part)) + returning,
                            [f.get_db_prep_save(f.pre_save(a, True), db) for a in part for f in fields])
                for pk, sensor_id, alarm_type in cur.fetchall():
                    ids[(sensor_id, alarm_type)] = pk
    for key, pk in ids.items():
        alarm = by_key[key]
        alarm.pk = pk
        alarm._state.adding = False
    return ids


def retry_alarm_insert(create, find):
    """create() inside a savepoint; on the unique constraint, find() the active row another process made."""
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        return find(), False

