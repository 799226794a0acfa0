"""The demo builder, the offline sweep against a late reading, the watchdog, aggregation and retention."""

import datetime
import json
import random
import threading
from types import SimpleNamespace

import pytest
from django.db import connections, transaction

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import sweeper
from yingji.warning.monitoring import sweeps
from yingji.warning.monitoring.choices import AlarmState, AlarmType
from yingji.warning.monitoring.ingest import Pipeline
from yingji.warning.monitoring.models import Aggregate, Alarm, IngestHeartbeat, Reading, Sensor, SensorStatus, Station

T0 = datetime.datetime(2026, 12, 4, 6, 0, tzinfo=datetime.UTC)


def feed(pipeline, code, seconds, value, now):
    ts = (T0 + datetime.timedelta(seconds=seconds)).isoformat()
    return pipeline.process([("t", json.dumps({"readings": [{"sensor": code, "ts": ts, "value": value}]}))],
                            now=now)


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


@pytest.mark.django_db
def test_offline_alarm_then_late_reading_recovers_it(gas):
    p = Pipeline("t")
    feed(p, "GAS-1", 0, 3.0, at(1))
    assert sweeper.run_once(at(29), only=["monitoring.offline"])["monitoring.offline"] == 0  # 3 × 10 s not missed
    assert sweeper.run_once(at(31), only=["monitoring.offline"])["monitoring.offline"] == 1
    assert sweeper.run_once(at(45), only=["monitoring.offline"])["monitoring.offline"] == 0  # claimed once
    alarm = Alarm.objects.get(alarm_type=AlarmType.OFFLINE)
    assert alarm.state == AlarmState.FIRING and alarm.recovered_at is None
    feed(p, "GAS-1", 50, 3.0, at(51))  # the sensor is back
    alarm.refresh_from_db()
    assert alarm.recovered_at is not None
    assert SensorStatus.objects.get(sensor=gas).offline_since is None


@pytest.mark.django_db
def test_a_reading_committed_before_the_sweep_wins(gas):
    p = Pipeline("t")
    feed(p, "GAS-1", 0, 3.0, at(1))
    # the late reading (in time, just before the cutoff) commits first: the claim's WHERE no longer matches
    feed(p, "GAS-1", 25, 3.0, at(31))
    assert sweeper.run_once(at(31), only=["monitoring.offline"])["monitoring.offline"] == 0
    assert not Alarm.objects.filter(alarm_type=AlarmType.OFFLINE).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_reading_waiting_on_an_offline_claim_recovers_the_alarm_the_claim_committed(gas):
    """Two sessions: the offline sweep has claimed the sensor and created its alarm, not committed yet, when a
    reading's batch reaches the sensor's status row; the batch waits for the row's lock and, once the sweep has
    committed, must see the claim (the status row it updated was offline) and recover the alarm committed with it —
    which a statement whose snapshot was taken before the sweep's commit would not see."""
    p = Pipeline("t")
    feed(p, "GAS-1", 0, 3.0, at(1))
    claimed, release, errors = threading.Event(), threading.Event(), []

    def sweep():
        try:
            with transaction.atomic():  # the sweep's claim and alarm, held open
                assert sweeps.offline(at(31)) == 1
                claimed.set()
                assert release.wait(30)
        except Exception as e:  # noqa: BLE001 — reported below
            errors.append(e)
            claimed.set()
        finally:
            connections.close_all()

    sweeper_thread = threading.Thread(target=sweep)
    sweeper_thread.start()
    assert claimed.wait(30) and not errors, errors
    threading.Timer(0.5, release.set).start()  # commits while the batch below waits for the status row's lock
    feed(p, "GAS-1", 50, 3.0, at(51))
    sweeper_thread.join(30)
    assert not errors, errors
    alarm = Alarm.objects.get(alarm_type=AlarmType.OFFLINE)
    assert alarm.recovered_at is not None
    assert SensorStatus.objects.get(sensor=gas).offline_since is None
    assert ["recovered_at"] in [c.changed_fields for c in ObjectChange.objects.filter(
        object_id=alarm.pk, action=ObjectChange.Action.UPDATE)]  # audited as before


@pytest.mark.django_db
def test_a_sensor_that_never_reported_goes_offline(world, gas):
    Sensor.objects.filter(pk=gas.pk).update(created_at=at(0))
    assert sweeper.run_once(at(60), only=["monitoring.offline"])["monitoring.offline"] == 1
    assert "从未上报" in Alarm.objects.get(alarm_type=AlarmType.OFFLINE).message


@pytest.mark.django_db
def test_watchdog_raises_one_alarm_when_storing_lags_and_recovers(world):
    IngestHeartbeat.objects.create(consumer="a", updated_at=at(0), messages=10, settled_messages=2,
                                   oldest_unsettled_at=at(0))
    assert sweeper.run_once(at(20), only=["monitoring.watchdog"])["monitoring.watchdog"] == 0
    assert sweeper.run_once(at(40), only=["monitoring.watchdog"])["monitoring.watchdog"] == 1
    assert sweeper.run_once(at(50), only=["monitoring.watchdog"])["monitoring.watchdog"] == 0  # still the same one
    alarm = Alarm.objects.get(alarm_type=AlarmType.INGEST_LAG)
    assert "滞后" in alarm.message and alarm.sensor_id is None
    IngestHeartbeat.objects.filter(consumer="a").update(updated_at=at(55), settled_messages=10,
                                                        oldest_unsettled_at=None)
    sweeper.run_once(at(60), only=["monitoring.watchdog"])
    alarm.refresh_from_db()
    assert alarm.recovered_at is not None
    # a process that stopped beating (killed, hung) is an alarm too; one that exited cleanly is not
    IngestHeartbeat.objects.create(consumer="b", updated_at=at(0))
    IngestHeartbeat.objects.create(consumer="c", updated_at=at(0), stopped_at=at(1))
    sweeper.run_once(at(200), only=["monitoring.watchdog"])
    alarm.refresh_from_db()
    assert alarm.recovered_at is None and "b" in alarm.message and "c " not in alarm.message


@pytest.mark.django_db
def test_aggregates_and_retention(gas, settings):
    p = Pipeline("t")
    p.process([("t", json.dumps({"readings": [{"sensor": "GAS-1", "ts": at(i * 600).isoformat(), "value": i}
                                              for i in range(12)]}))], now=at(7200))
    sweeper.run_once(at(7200), only=["monitoring.aggregate"])
    hours = list(Aggregate.objects.filter(period="hour").order_by("start").values_list("count", "total", "maximum"))
    assert hours == [(6, 15.0, 5.0), (6, 51.0, 11.0)]
    # a late reading of the first hour is folded in by the next run
    p.process([("t", json.dumps({"readings": [{"sensor": "GAS-1", "ts": at(30).isoformat(), "value": 4}]}))],
              now=at(7200))
    sweeper.run_once(at(7300), only=["monitoring.aggregate"])
    assert Aggregate.objects.filter(period="hour").order_by("start").first().count == 7
    assert Aggregate.objects.get(period="day").count == 13
    settings.MONITORING_RETENTION_DAYS = 1
    assert sweeper.run_once(at(86400 + 3000), only=["monitoring.retention"])["monitoring.retention"] == 6
    assert Reading.objects.count() == 7


@pytest.mark.django_db
def test_demo_builds_a_network_with_alarms_in_every_state(world):
    from yingji.warning.monitoring.demo import build_monitoring

    ctx = SimpleNamespace(random=random.Random(5), townships=[world.regions.township_a, world.regions.township_b],
                          villages=[world.regions.village_a, world.regions.village_b],
                          users={"duty": world.users.duty, "admin": world.users.admin})
    build_monitoring(ctx)
    assert Station.objects.count() == 2 + 3 + 2 + 5 + 4 + 2 and Sensor.objects.count() >= 45
    assert Reading.objects.count() > 10_000
    states = set(Alarm.objects.values_list("state", flat=True))
    assert states >= {AlarmState.FIRING, AlarmState.ACKNOWLEDGED, AlarmState.HANDLING}, states
    types = set(Alarm.objects.values_list("alarm_type", flat=True))
    assert {"sum60", "value"} <= types, types  # the offline one depends on the hour the demo is built at
    assert Aggregate.objects.exists()
