"""The aggregation sweep never misses a committed reading nor counts one twice (sweeps.aggregate)."""

import datetime
import json
import random
import threading

import pytest
from django.db import connection
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncDay, TruncHour

from yingji.platform.core import sweeper
from yingji.warning.monitoring import sweeps
from yingji.warning.monitoring.ingest import insert_readings
from yingji.warning.monitoring.models import Aggregate, Reading, ReadingLog, SweepMark

T0 = datetime.datetime(2026, 12, 4, 6, 0, tzinfo=datetime.UTC)


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


def sweep():
    return sweeper.run_once(at(86400), only=["monitoring.aggregate"])["monitoring.aggregate"]


def recount():
    """The aggregates as a full recount of the raw readings computes them."""
    out = set()
    for period, trunc in (("hour", TruncHour), ("day", TruncDay)):
        for g in (Reading.objects.annotate(p=trunc("ts")).values("sensor_id", "p")
                  .annotate(n=Count("ts"), s=Sum("value"), lo=Min("value"), hi=Max("value"))):
            out.add((g["sensor_id"], period, g["p"], g["n"], g["s"], g["lo"], g["hi"]))
    return out


def stored():
    return set(Aggregate.objects.values_list("sensor_id", "period", "start", "count", "total", "minimum", "maximum"))


def other_connection():
    """A second PostgreSQL session on the test database (another ingest process's)."""
    import psycopg

    d = connection.settings_dict
    return psycopg.connect(dbname=d["NAME"], user=d["USER"], password=d["PASSWORD"] or None, host=d["HOST"] or None,
                           port=d["PORT"] or None)


def insert_open(conn, sensor_id, ts, value, logged):
    """Store a reading as an ingest batch does, in `conn`'s open transaction (not committed): the reading and its
    ReadingLog row; the log row's id (also appended to `logged`)."""
    conn.execute("INSERT INTO monitoring_reading (sensor_id, ts, value) VALUES (%s, %s, %s)", (sensor_id, ts, value))
    logged.append(conn.execute("INSERT INTO monitoring_readinglog (spans) VALUES (%s) RETURNING id",
                               (json.dumps([[sensor_id, ts.timestamp(), ts.timestamp()]]),)).fetchone()[0])
    return logged[-1]


def store(sensor, ts, value):
    """Store a reading in the test's own session, through the ingest's insert; its log row's id."""
    insert_readings([sensor.pk], [ts.timestamp()], [value])
    return ReadingLog.objects.order_by("-pk").values_list("pk", flat=True).first()


@pytest.mark.django_db
def test_a_lower_id_committed_after_a_sweep_read_a_higher_one_is_folded(gas, monkeypatch):
    """Two sessions: the test's (its open transaction sees its own rows; the sweep runs in it) and another ingest's,
    whose commits the test's READ COMMITTED statements see; the other's rows are deleted at the end. The ids are
    the ReadingLog's, one per stored batch (readings have none)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: a log id is handed out inside the only write transaction, "
                    "so ids commit in their order and the id mark is safe as it is")
    with connection.cursor() as cur:
        cur.execute("SELECT cache_size FROM pg_sequences WHERE sequencename = 'monitoring_readinglog_id_seq'")
        assert cur.fetchone() == (1,)  # the sweep's reasoning needs ids handed out in order
    other, logged = other_connection(), []
    try:
        # 1. the other process's transaction takes an id and has not committed when a higher id commits and the sweep
        # runs: the sweep folds what it sees but its mark stays below the open transaction's reading
        monkeypatch.setattr(sweeps, "AGGREGATE_WAIT", 0.2)
        low = insert_open(other, gas.pk, at(60), 7.0, logged)
        high = store(gas, at(120), 5.0)
        assert low < high
        assert sweep() == 2  # the hour and the day of the committed reading
        assert Aggregate.objects.get(period="hour").count == 1
        assert SweepMark.objects.get(name="aggregate").value < low
        other.commit()
        sweep()
        assert Aggregate.objects.get(period="hour").count == 2 and Aggregate.objects.get(period="day").count == 2
        assert SweepMark.objects.get(name="aggregate").value == high
        assert stored() == recount()
        # 2. a transaction that commits while the sweep waits for it: folded in that same sweep, the mark advances
        monkeypatch.setattr(sweeps, "AGGREGATE_WAIT", 10.0)
        low = insert_open(other, gas.pk, at(180), 9.0, logged)
        high = store(gas, at(240), 1.0)
        threading.Timer(0.3, other.commit).start()
        sweep()
        assert SweepMark.objects.get(name="aggregate").value == high
        assert Aggregate.objects.get(period="hour").count == 4 and Aggregate.objects.get(period="hour").maximum == 9.0
        assert stored() == recount()
        # 3. a transaction that rolls back: its id is never committed, the mark passes it
        insert_open(other, gas.pk, at(300), 99.0, logged)
        threading.Timer(0.3, other.rollback).start()
        top = store(gas, at(360), 2.0)
        sweep()
        assert SweepMark.objects.get(name="aggregate").value == top and stored() == recount()
    finally:
        other.rollback()
        other.execute("DELETE FROM monitoring_reading WHERE sensor_id = %s", (gas.pk,))
        other.execute("DELETE FROM monitoring_readinglog WHERE id = ANY(%s)", (logged,))
        other.commit()
        other.close()


@pytest.mark.django_db
def test_repeated_sweeps_equal_a_full_recount(world):
    """Readings arriving in any time order (late ones into buckets already folded, several sensors, hours and days),
    a sweep after every chunk: the aggregates equal a full recount, on SQLite and PostgreSQL."""
    from ..testing import make_sensor

    sensors = [make_sensor(world, world.regions.township_a, code=f"GAS-{i}", interval_seconds=10) for i in range(3)]
    rnd = random.Random(7)
    slots = rnd.sample(range(0, 3 * 86400, 10), 1200)  # distinct times over three days, shuffled
    for k in range(0, len(slots), 100):
        chunk = [(rnd.choice(sensors).pk, at(s).timestamp(), float(rnd.randint(0, 100))) for s in slots[k:k + 100]]
        insert_readings(*[list(c) for c in zip(*chunk, strict=True)])  # as an ingest batch stores them (logged)
        sweep()
        assert stored() == recount()
    assert sweep() == 0  # nothing new: nothing rewritten
    assert stored() == recount() and Aggregate.objects.filter(period="day").count() >= 9
    # the log rows the aggregation has folded are deleted by the retention sweep (not the readings: they are young)
    assert ReadingLog.objects.count() == 12
    sweeper.run_once(at(86400), only=["monitoring.retention"])
    assert ReadingLog.objects.count() == 0 and Reading.objects.count() == 1200
