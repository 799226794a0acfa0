"""The ingest pipeline on the test database: bad payloads never block good readings, a redelivery is stored once,
hysteresis keeps a noisy sensor to one alarm, the lifecycle, and the HTTP batch API."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.warning.monitoring import services
from yingji.warning.monitoring.choices import AlarmState, RejectReason
from yingji.warning.monitoring.ingest import Pipeline
from yingji.warning.monitoring.models import Alarm, AlarmRule, Reading, RejectedReading

T0 = datetime.datetime(2026, 12, 4, 6, 0, tzinfo=datetime.UTC)


def msg(*readings, topic="yingji/readings/gw1"):
    return topic, json.dumps({"gateway": "gw1", "readings": [
        {"sensor": s, "ts": (T0 + datetime.timedelta(seconds=t)).isoformat(), "value": v} for s, t, v in readings]})


@pytest.mark.django_db
def test_bad_payloads_are_counted_and_never_block_the_good_ones(gas):
    p = Pipeline("t")
    now = T0 + datetime.timedelta(minutes=1)
    result = p.process([
        ("yingji/readings/gw1", b"\xff not json"),
        ("yingji/readings/gw1", b'{"readings": 3}'),
        msg(("GAS-1", 0, 3.0), ("NOPE", 0, 1.0), ("GAS-1", 1, 250.0), ("GAS-1", 3600, 4.0), ("GAS-1", 2, 5.0)),
        ("yingji/readings/gw1", json.dumps([{"sensor": "GAS-1", "ts": "yesterday", "value": 1}])),
    ], now=now)
    assert result.stored == 2
    assert sorted(r.reason for r in result.rejected) == sorted([
        RejectReason.NOT_JSON, RejectReason.BAD_SHAPE, RejectReason.UNKNOWN_SENSOR, RejectReason.OUT_OF_RANGE,
        RejectReason.FUTURE, RejectReason.BAD_SHAPE])
    assert list(Reading.objects.order_by("ts").values_list("value", flat=True)) == [3.0, 5.0]
    assert RejectedReading.objects.count() == 6
    assert p.rejected_by_reason[RejectReason.UNKNOWN_SENSOR] == 1


@pytest.mark.django_db
def test_a_redelivered_message_is_stored_once(gas):
    p = Pipeline("t")
    now = T0 + datetime.timedelta(minutes=5)
    m = msg(("GAS-1", 0, 3.0), ("GAS-1", 10, 4.0))
    assert p.process([m], now=now).stored == 2
    again = p.process([m], now=now)
    assert (again.stored, again.duplicates) == (0, 2)
    assert Reading.objects.count() == 2


@pytest.mark.django_db
def test_a_batch_mixing_a_redelivery_with_new_readings_stores_the_new_ones_and_judges_them(gas):
    """PostgreSQL stores a batch by binary COPY, which cannot skip a conflict: the redelivered (sensor, ts) makes it
    fail, the savepoint is rolled back and the ON CONFLICT statement stores the rest; the transaction goes on (the
    alarm of the same batch is written, and audited like any alarm)."""
    from yingji.platform.audit.models import ObjectChange

    p = Pipeline("t")
    now = T0 + datetime.timedelta(minutes=5)
    first = msg(("GAS-1", 0, 3.0), ("GAS-1", 10, 4.0))
    assert p.process([first], now=now).stored == 2
    result = p.process([first, msg(("GAS-1", 20, 5.0), ("GAS-1", 20, 5.0), ("GAS-1", 30, 60.0))], now=now)
    assert (result.readings, result.stored, result.duplicates) == (5, 2, 3)
    assert list(Reading.objects.order_by("ts").values_list("value", flat=True)) == [3.0, 4.0, 5.0, 60.0]
    alarm = Alarm.objects.get()
    assert (alarm.level, alarm.first_value, result.fired) == (4, 60.0, [alarm.pk])
    change = ObjectChange.objects.get(content_type__model="alarm", object_id=alarm.pk,
                                      action=ObjectChange.Action.CREATE)
    assert change.postchange["level"] == 4 and change.region_id == alarm.region_id


def test_quiet_bounds_hold_every_value_that_reaches_no_threshold():
    """The per-batch shortcut of the engine: a value strictly inside quiet_bounds is level 0 for every rule (so a
    normal track stays as it is); a rule on a rate or a sum has no shortcut."""
    from yingji.warning.monitoring import engine

    def rule(metric, above, *thresholds):
        return engine.CompiledRule(1, "value", metric, 0, above, tuple(enumerate(thresholds, 2)), 0.0, 0.0)

    rules = [rule("value", True, 25.0, 50.0), rule("value", False, 2.0, 1.0)]
    low, high = engine.quiet_bounds(rules)
    assert (low, high) == (2.0, 25.0)
    for x in (2.0, 2.0001, 24.999, 25.0):
        assert (low < x < high) == all(r.level_of(x) == 0 for r in rules)
    assert engine.quiet_bounds([rules[0], rule("rate", True, 5.0)]) is None
    st = engine.SensorState(1, "S", "k", 1, 1, 0, 100, 60, quiet_bounds=(low, high))
    assert st.quiet(3.0, 24.0) and not st.quiet(3.0, 25.0) and not st.quiet(2.0, 3.0)
    assert st.normal()
    st.track("value").phase = engine.RECOVERING
    assert not st.normal()


@pytest.mark.django_db
def test_hysteresis_one_alarm_for_a_noisy_sensor_and_level_raised(gas):
    p = Pipeline("t")
    now = T0 + datetime.timedelta(hours=1)
    # flapping around the 25 %LEL line every 10 s for 10 minutes, then a red peak, then calm for 5 minutes
    noisy = [("GAS-1", i * 10, 27.0 if i % 2 else 23.0) for i in range(60)]
    p.process([msg(*noisy)], now=now)
    assert Alarm.objects.count() == 1
    alarm = Alarm.objects.get()
    assert alarm.level == 2 and alarm.state == AlarmState.FIRING and alarm.recovered_at is None
    p.process([msg(("GAS-1", 600, 55.0))], now=now)
    alarm.refresh_from_db()
    assert alarm.level == 4 and Alarm.objects.count() == 1
    p.process([msg(*[("GAS-1", 610 + i * 10, 2.0) for i in range(30)])], now=now)
    alarm.refresh_from_db()
    assert alarm.recovered_at is not None  # keep-firing 60 s passed; still open for a person to close


@pytest.mark.django_db
def test_pending_period_filters_a_spike(gas):
    AlarmRule.objects.filter(sensor_kind="combustible_gas").update(pending_seconds=30)
    p = Pipeline("t")
    now = T0 + datetime.timedelta(hours=1)
    p.process([msg(("GAS-1", 0, 30.0), ("GAS-1", 10, 3.0), ("GAS-1", 20, 30.0), ("GAS-1", 30, 31.0))], now=now)
    assert Alarm.objects.count() == 0
    p.process([msg(("GAS-1", 40, 32.0), ("GAS-1", 50, 33.0))], now=now)
    assert Alarm.objects.count() == 1
    assert Alarm.objects.get().triggered_at == T0 + datetime.timedelta(seconds=50)


@pytest.mark.django_db
def test_a_restarted_process_merges_into_the_open_alarm(gas):
    now = T0 + datetime.timedelta(hours=1)
    Pipeline("a").process([msg(("GAS-1", 0, 30.0))], now=now)
    alarm = Alarm.objects.get()
    services.acknowledge_alarm(alarm, actor=_duty())
    # a new process (restart) knows nothing in memory: its state comes from the open alarm row
    Pipeline("b").process([msg(("GAS-1", 10, 3.0), ("GAS-1", 20, 60.0))], now=now)
    assert Alarm.objects.count() == 1
    alarm.refresh_from_db()
    assert alarm.level == 4 and alarm.state == AlarmState.ACKNOWLEDGED


@pytest.mark.django_db
def test_one_batch_fires_raises_and_recovers_an_alarm_and_another_process_merges_into_it(gas):
    """The batch's new alarms are inserted together at its end: a raise and a recovery within the same batch change
    the alarm before it is written; a second process that knows nothing of it (its own batch, the same sensor)
    hits the constraint and merges, and that crossing notifies nobody."""
    now = T0 + datetime.timedelta(hours=1)
    # 黄 at 0 s, 红 at 10 s, then back under the threshold for more than keep-firing (60 s)
    result = Pipeline("a").process([msg(("GAS-1", 0, 30.0), ("GAS-1", 10, 55.0), ("GAS-1", 20, 3.0),
                                        ("GAS-1", 90, 3.0))], now=now)
    alarm = Alarm.objects.get()
    assert [e[2] for e in result.events] == ["fire", "raise", "recover"] and result.fired == [alarm.pk]
    assert (alarm.level, alarm.count, alarm.first_value, alarm.peak_value, alarm.last_value) == (4, 2, 30.0, 55.0, 55.0)
    assert alarm.recovered_at == T0 + datetime.timedelta(seconds=90)
    other = Pipeline("b").process([msg(("GAS-1", 100, 3.0), ("GAS-1", 110, 40.0))], now=now)
    assert [e[2] for e in other.events] == ["merge"] and other.fired == []
    alarm.refresh_from_db()
    assert (Alarm.objects.count(), alarm.count, alarm.level, alarm.recovered_at) == (1, 3, 4, None)


def _duty():
    from yingji.platform.accounts.models import User

    return User.objects.get(username="duty") if User.objects.filter(username="duty").exists() else \
        User.objects.filter(is_active=True).first()


@pytest.mark.django_db
def test_lifecycle_who_when_note(world, gas):
    Pipeline("t").process([msg(("GAS-1", 0, 30.0))], now=T0 + datetime.timedelta(hours=1))
    alarm = Alarm.objects.get()
    duty = world.users.duty
    services.acknowledge_alarm(alarm, actor=duty, note="已电话通知企业")
    with pytest.raises(ValidationError, match="处置措施"):
        services.handle_alarm(alarm, actor=duty, note="")
    services.handle_alarm(alarm, actor=duty, note="企业关闭阀门，通风")
    services.close_alarm(alarm, actor=duty, note="浓度恢复正常")
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.CLOSED and alarm.closed_by == duty and alarm.acknowledged_by == duty
    assert [e.transition for e in alarm.events.all()] == ["acknowledge", "handle", "close"]
    # a closed alarm is history: the next crossing after recovery is a new alarm
    Pipeline("t").process([msg(("GAS-1", 100, 2.0), ("GAS-1", 200, 2.0), ("GAS-1", 300, 40.0))],
                          now=T0 + datetime.timedelta(hours=1))
    assert Alarm.objects.filter(state=AlarmState.FIRING).count() == 1


@pytest.mark.django_db
def test_rain_sums_over_sliding_windows(world):
    from ..testing import make_sensor

    make_sensor(world, world.regions.township_a, code="RG-1", kind="rainfall", unit="mm", range_max=200,
                interval_seconds=300)
    p = Pipeline("t")
    # 12 mm every 5 minutes: 36 mm after 15 minutes → 1 h sum ≥ 30 (黄); 60 mm after 25 minutes (橙 ≥ 50)
    p.process([msg(*[("RG-1", i * 300, 12.0) for i in range(5)])], now=T0 + datetime.timedelta(hours=2))
    alarm = Alarm.objects.get(alarm_type="sum60")
    assert alarm.level == 3
    assert Alarm.objects.get(alarm_type="sum180").level == 2  # 60 mm in 3 h: 黄 (≥ 50), not 橙 (≥ 80)
    assert not Alarm.objects.filter(alarm_type="sum1440").exists()  # 60 mm < 80 mm (蓝, 24 h)


@pytest.mark.django_db
def test_http_batch_api(world, api_for, gas):
    from django.contrib.auth.models import Permission

    user = world.users.duty
    api = api_for(user)
    body = {"gateway": "gw", "readings": [{"sensor": "GAS-1", "ts": timezone.now().isoformat(), "value": 3},
                                          {"sensor": "GAS-1", "ts": timezone.now().isoformat(), "value": 999}]}
    assert api.post("/api/v1/monitoring-sensors/readings/", body, format="json").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_reading"))
    user = type(user).objects.get(pk=user.pk)
    r = api_for(user).post("/api/v1/monitoring-sensors/readings/", body, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["stored"] == 1 and r.json()["rejected"][0]["reason"] == "out_of_range"
    r = api_for(user).post("/api/v1/monitoring-sensors/readings/", {"readings": 5}, format="json")
    assert r.status_code == 400
    # a sensor outside the user's scope is unknown to him
    outsider = world.users.outsider
    outsider.user_permissions.add(Permission.objects.get(codename="add_reading"))
    r = api_for(type(outsider).objects.get(pk=outsider.pk)).post("/api/v1/monitoring-sensors/readings/", body,
                                                                 format="json")
    assert r.json()["stored"] == 0 and r.json()["rejected"][0]["reason"] == "unknown_sensor"


@pytest.mark.django_db
def test_a_changed_rule_or_sensor_applies_without_a_restart(gas, monkeypatch):
    """Sensors and rules are cached per process and refreshed when the tables change — even by a QuerySet.update()
    that leaves updated_at alone — while the cached alarm state is kept (no second alarm)."""
    from yingji.warning.monitoring import ingest

    monkeypatch.setattr(ingest, "CHANGE_CHECK", 0)  # look at every batch (in production every 5 s)
    p = Pipeline("t")
    now = T0 + datetime.timedelta(hours=1)
    p.process([msg(("GAS-1", 0, 20.0))], now=now)
    assert not Alarm.objects.exists()  # 20 %LEL < 25 (黄)
    AlarmRule.objects.filter(sensor_kind="combustible_gas").update(yellow=15)
    p.process([msg(("GAS-1", 10, 20.0))], now=now)
    assert Alarm.objects.get().level == 2  # the edited rule applies to the running process
    p.process([msg(("GAS-1", 20, 21.0))], now=now)
    assert Alarm.objects.count() == 1 and Alarm.objects.get().count == 1  # still firing: nothing written
    gas.range_max = 10
    gas.save()
    result = p.process([msg(("GAS-1", 30, 20.0))], now=now)
    assert [r.reason for r in result.rejected] == [RejectReason.OUT_OF_RANGE]  # the new physical range
    gas.voided_at = timezone.now()
    gas.save()
    result = p.process([msg(("GAS-1", 40, 5.0))], now=now)
    assert [r.reason for r in result.rejected] == [RejectReason.UNKNOWN_SENSOR]  # a voided sensor takes no data


@pytest.mark.django_db
def test_a_bad_reading_never_blocks_the_good_ones_of_a_big_batch(gas):
    """Many messages in one transaction, some bad: every good reading is stored, every bad one counted."""
    p = Pipeline("t")
    now = T0 + datetime.timedelta(hours=2)
    good = [msg(*[("GAS-1", m * 100 + k, 3.0) for k in range(50)]) for m in range(40)]
    bad = [("yingji/readings/gw1", b"{oops"), msg(("GAS-1", 9000, 500.0)), msg(("NOPE", 1, 1.0)),
           ("yingji/readings/gw1", b'[{"sensor": "GAS-1", "ts": NaN, "value": 1}]')]
    result = p.process(good[:20] + bad + good[20:], now=now)
    assert (result.stored, len(result.rejected)) == (2000, 4)
    assert Reading.objects.count() == 2000
    assert p.process(good, now=now).duplicates == 2000  # the same batch again (a redelivery): stored once


def test_the_fast_parse_of_a_message_gives_the_verdicts_of_reading_by_reading():
    """parse_message checks a usual message with whole-message passes in C and sends anything else reading by
    reading (_parse_items): both give the same rows and the same refusals, for every kind of reading."""
    from yingji.warning.monitoring.ingest import _parse_items, parse_message

    s, ms = 1796364300.25, 1796364300250
    cases = [
        [{"sensor": "A", "ts": s, "value": 1.5}, {"sensor": "B", "ts": s + 1, "value": 2}],  # an int value
        [{"sensor": "A", "ts": int(s), "value": 1.0}],  # int seconds
        [{"sensor": "A", "ts": ms, "value": 1.0}, {"sensor": "A", "ts": ms + 7, "value": 1.0}],  # milliseconds
        [{"sensor": "A", "ts": ms, "value": 1.0}, {"sensor": "A", "ts": s, "value": 1.0}],  # both in one message
        [{"sensor": "A", "ts": "2026-12-04T14:05:00+08:00", "value": 1.0}, {"sensor": "A", "ts": s, "value": 3.0}],
        [{"sensor": "A", "ts": s, "value": True}, {"sensor": "A", "ts": True, "value": 1.0}],  # bools are no numbers
        [{"sensor": 7, "ts": s, "value": 1.0}, {"sensor": "A", "ts": s, "value": "1"}],
        [{"sensor": "A", "ts": s}, ["A", s, 1.0], "A", {"sensor": "A", "ts": s, "value": 1.0}],
        [{"sensor": "A", "ts": float("nan"), "value": 1.0}, {"sensor": "A", "ts": s, "value": float("inf")}],
        [{"sensor": "A", "ts": 10 ** 400, "value": 1.0}, {"sensor": "A", "ts": s, "value": 1.0}],
        [{"sensor": "A", "ts": None, "value": 1.0}, {"sensor": "A", "ts": s, "value": None}],
    ]
    for items in cases:
        payload = json.dumps({"readings": items}).encode()
        rows, bad = parse_message("t", payload)
        ref_rows, ref_bad = _parse_items("t", json.loads(payload)["readings"])
        assert rows == ref_rows and [(b.reason, b.detail) for b in bad] == [(b.reason, b.detail) for b in ref_bad]
        assert all(type(ts) is float and type(v) is float for _c, ts, v in rows)
    assert parse_message("t", b'{"readings": [{"sensor": "A", "ts": 1.0, "value": NaN}]}')[1][0].reason == \
        RejectReason.BAD_SHAPE  # not JSON to orjson, one bad reading as before
    assert parse_message("t", b"\xff")[1][0].reason == RejectReason.NOT_JSON
    assert parse_message("t", json.dumps({"sensor": "A", "ts": s, "value": 1}).encode())[0] == [("A", s, 1.0)]


def test_the_copy_buffer_is_the_binary_copy_of_each_row():
    """copy_buffer builds PostgreSQL's binary COPY column-wise; byte for byte what packing each row gives, the time
    rounded to the microsecond half to even like to_timestamp()."""
    import struct

    from yingji.warning.monitoring.ingest import copy_buffer

    rows = [(1, 1796364300.123456, 3.5), (2, 946684800.0000005, -1.0), (3, 946684800.0000015, 0.0),
            (2 ** 40, 0.0, 1e300), (5, 1796364300.9999996, float("-inf"))]
    pack = struct.Struct("!hiqiqid").pack
    expected = b"".join((b"PGCOPY\n\xff\r\n\x00" + bytes(8),
                         *[pack(3, 8, s, 8, round((t - 946684800.0) * 1e6), 8, v) for s, t, v in rows], b"\xff\xff"))
    assert copy_buffer(*[list(c) for c in zip(*rows, strict=True)]) == expected
    assert round((946684800.0000005 - 946684800.0) * 1e6) in (0, 1)  # (a half rounds to even)


def test_settling_quiet_readings_decides_as_stepping_each_one():
    """engine.settle_quietly (a sensor whose readings of the batch all reach no threshold, a track not normal) makes
    the decisions, and leaves the tracks, exactly as stepping every reading through the engine would."""
    import copy
    import random

    from yingji.warning.monitoring import engine

    rnd = random.Random(11)
    for case in range(400):
        keep = rnd.choice([0.0, 0.0, 5.0, 30.0, 60.0])
        rule = engine.CompiledRule(1, "value", "value", 0, True, ((2, 25.0), (4, 50.0)), rnd.choice([0.0, 10.0]),
                                   keep)
        st = engine.SensorState(1, "S", "k", 1, 1, 0, 100, 60, rules=[rule],
                                quiet_bounds=engine.quiet_bounds([rule]))
        phase = rnd.choice([engine.NORMAL, engine.PENDING, engine.FIRING, engine.RECOVERING])
        st.tracks["value"] = engine.Track(phase, rnd.choice([0.0, 3.0, 20.0]), 0 if phase == engine.NORMAL else 2,
                                          7, 30.0)
        times = sorted(rnd.choice(range(0, 120, 3)) + 0.5 for _ in range(rnd.randint(1, 40)))
        readings = sorted(("S", t, float(rnd.randint(0, 24))) for t in times)
        assert st.quiet(min(r[2] for r in readings), max(r[2] for r in readings))
        by_step = copy.deepcopy(st)
        expected, previous = [], None
        for _c, ts, value in readings:
            if ts == previous:
                continue
            previous = ts
            d = engine.step(rule, by_step.track("value"), rule.level_of(value), ts, value)
            if d is not None:
                expected.append((d.action, d.level, d.ts, d.value))
        got = [(d.action, d.level, d.ts, d.value) for d in engine.settle_quietly(st, readings)]
        assert got == expected, case
        assert vars(st.tracks["value"]) == vars(by_step.tracks["value"]), case


@pytest.mark.django_db
def test_a_batch_mixing_sensors_out_of_order_stores_and_judges_each_by_its_own_time(world, gas):
    """Messages interleave three sensors (one unknown) and arrive out of time order, with a time sent twice and a
    value out of range: each sensor's readings are stored and judged in its own time order, the unknown and the out
    of range ones are refused with their own codes, only the sensor that crossed has an alarm, and each sensor's
    status is its latest reading by time (GAS-2's last to arrive is its earliest)."""
    from yingji.warning.monitoring.models import SensorStatus
    from yingji.warning.monitoring.testing import make_sensor

    other = make_sensor(world, world.regions.township_a, code="GAS-2", interval_seconds=10)
    p = Pipeline("t")
    now = T0 + datetime.timedelta(hours=1)
    result = p.process([
        msg(("GAS-2", 30, 4.0), ("GAS-1", 20, 60.0), ("NOPE", 5, 1.0)),
        msg(("GAS-1", 10, 3.0), ("GAS-2", 10, 2.0), ("GAS-1", 20, 60.0)),
        msg(("GAS-2", 20, 500.0), ("GAS-1", 40, 70.0), ("GAS-2", 0, 1.0)),
    ], now=now)
    assert (result.stored, result.duplicates) == (6, 1)
    assert sorted((r.reason, r.sensor) for r in result.rejected) == sorted([
        (RejectReason.UNKNOWN_SENSOR, "NOPE"), (RejectReason.OUT_OF_RANGE, "GAS-2")])
    stored = list(Reading.objects.order_by("sensor__code", "ts").values_list("sensor__code", "value"))
    assert stored == [("GAS-1", 3.0), ("GAS-1", 60.0), ("GAS-1", 70.0), ("GAS-2", 1.0), ("GAS-2", 2.0),
                      ("GAS-2", 4.0)]
    alarm = Alarm.objects.get()
    assert (alarm.sensor_id, alarm.first_value, alarm.level) == (gas.pk, 60.0, 4)
    statuses = dict(SensorStatus.objects.values_list("sensor_id", "last_value"))
    assert statuses == {gas.pk: 70.0, other.pk: 4.0}
