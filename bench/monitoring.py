"""MQTT ingestion with rule evaluation (issue 10): readings/s stored and evaluated by one `yingji ingest` process
beside a bare paho subscriber that only parses and counts the same stream from the same broker in the same run;
p99 from publish to alarm under that load; then two ingest processes on one shared subscription.

A private Mosquitto (unlimited queues, so nothing is dropped while a consumer lags) and a scratch database:
PostgreSQL (BENCH_PG_URL, default the local server) or, when it is not reachable, a SQLite file.
"""

import datetime
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, Figure

ORDER = 70
DESCRIPTION = "MQTT ingest + rules vs a bare subscriber; publish→alarm p99; two processes on a shared subscription"
DB = "yingji_bench_monitoring"
SENSORS = 500
PER_MESSAGE = 50


def add_arguments(parser):
    parser.add_argument("--monitoring-messages", type=int, default=2000,
                        help="messages per run (× 50 readings each)")
    parser.add_argument("--monitoring-rate", type=int, default=20000,
                        help="readings/s of the paced run that measures publish→alarm latency")
    parser.add_argument("--monitoring-db", default=DB,
                        help=f"name of the scratch PostgreSQL database (created and dropped; default {DB})")
    parser.add_argument("--monitoring-pyspy", metavar="DIR",
                        help="record a py-spy profile (raw, folded stacks) of every ingest process into DIR")


def _bare(port, total, out, ready):
    """Subscribe, parse, count readings; report (first, last) receive times, readings, and the publish→receipt
    seconds of the crossing messages (their first reading is stamped with the publish time)."""
    import paho.mqtt.client as mqtt

    box = {"n": 0, "first": None, "lat": []}

    def on_message(c, u, m):
        box["first"] = box["first"] or time.time()
        readings = json.loads(m.payload)["readings"]
        box["n"] += len(readings)
        if readings[0]["value"] == 60.0:
            box["lat"].append(time.time() - readings[0]["ts"])
        if box["n"] >= total:
            out.put((box["first"], time.time(), box["n"], box["lat"]))

    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bare", protocol=mqtt.MQTTv5)
    c.on_message = on_message
    c.on_subscribe = lambda *a: ready.set()
    c.connect("127.0.0.1", port)
    c.subscribe("$share/bare/yingji/readings/#", qos=1)
    c.loop_forever()


def _bare_drain(port, total, out, ready):
    """The bare subscriber of the backlog run: connects and subscribes (its own shared subscription group, QoS 1,
    the same flow control as the ingest: Receive Maximum 1000), is then stopped by the bench while the backlog is
    published, and once resumed parses and counts; reports (first, last) receive times and readings."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    box = {"n": 0, "first": None}

    def on_message(c, u, m):
        box["first"] = box["first"] or time.time()
        box["n"] += len(json.loads(m.payload)["readings"])
        if box["n"] >= total:
            out.put((box["first"], time.time(), box["n"]))

    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bare-drain", protocol=mqtt.MQTTv5)
    c.on_message = on_message
    c.on_subscribe = lambda *a: ready.set()
    c.on_connect = lambda c, *a: c.subscribe("$share/bare-drain/yingji/readings/#", qos=1)
    props = Properties(PacketTypes.CONNECT)
    props.SessionExpiryInterval = 3600
    props.ReceiveMaximum = 1000
    c.connect("127.0.0.1", port, clean_start=True, properties=props)
    c.loop_forever()


def _publish(port, messages, t0, crossing_every, rate=None):
    """Publish `messages` messages of PER_MESSAGE readings (QoS 1), as fast as possible or paced at `rate`
    readings/s; every `crossing_every`-th message carries a red crossing of a new sensor stamped with the publish
    time, so the alarm's triggered_at is the publish time."""
    import paho.mqtt.client as mqtt

    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"pub-{t0}", protocol=mqtt.MQTTv5)
    c.max_inflight_messages_set(1000)
    c.max_queued_messages_set(0)
    c.connect("127.0.0.1", port)
    c.loop_start()
    infos, crossing = [], 0
    start = time.time()
    for m in range(messages):
        if rate:
            ahead = start + m * PER_MESSAGE / rate - time.time()
            if ahead > 0:
                time.sleep(ahead)
        now = time.time()
        readings = [{"sensor": f"GAS-{(m * PER_MESSAGE + k) % SENSORS}", "ts": t0 + m * 0.001 + k * 1e-6,
                     "value": 3.0} for k in range(PER_MESSAGE)]
        if crossing_every and m % crossing_every == 0 and crossing < SENSORS:
            readings[0] = {"sensor": f"GAS-{crossing}", "ts": now, "value": 60.0}  # a red crossing, ts = publish
            crossing += 1
        infos.append(c.publish("yingji/readings/bench", json.dumps({"readings": readings}), qos=1))
    for i in infos:
        i.wait_for_publish(120)
    c.loop_stop()
    c.disconnect()
    return time.time() - start


def run(args):
    sys.path.insert(0, str(ROOT))
    from yingji.platform.core.services_for_tests import Mosquitto

    messages = getattr(args, "monitoring_messages", 2000)
    folder = tempfile.mkdtemp(prefix="yingji-bench-mqtt-")
    os.chmod(folder, 0o777)
    broker = Mosquitto(folder)
    with open(broker.conf, "a") as f:
        f.write("max_queued_messages 0\nmax_inflight_messages 0\n")
    broker.start()
    env = None
    try:
        env, label = _database(args)
        yield from _measure(args, env, label, broker.port, messages)
    finally:
        broker.stop()
        _drop(args, env)


def _admin_url(args):
    return (getattr(args, "pg", None) or os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
            ).replace("postgres://", "postgresql://")


def _database(args):
    """(env for the ingest processes, label); builds the scratch schema (PostgreSQL, else a SQLite file)."""
    from yingji.warning.monitoring.tests import externaldb

    url = _admin_url(args)
    try:
        import psycopg

        with psycopg.connect(url, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {_db(args)} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {_db(args)}")
        env = externaldb.environment(database_url=f"{url.rpartition('/')[0]}/{_db(args)}")
        label = "PostgreSQL"
    except Exception:
        env = externaldb.environment(data_dir=Path(tempfile.mkdtemp(prefix="yingji-bench-db-")))
        label = "SQLite"
    env["DEBUG"] = "0"  # what production runs: no debug cursor, no query log
    externaldb.setup(env, SENSORS)
    return env, label


def _drop(args, env):
    if not env or not env.get("DATABASE_URL") or getattr(args, "keep", False):
        return
    import psycopg

    with psycopg.connect(_admin_url(args), autocommit=True, connect_timeout=5) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_db(args)} WITH (FORCE)")


def _db(args):
    return getattr(args, "monitoring_db", None) or DB


class _Poll:
    """Counts the stored readings on one kept connection: the heartbeats of this run's ingest processes (by pid,
    written every second, cheap) until they are near the goal, then count(*) every 20 ms, so the poll itself costs
    the machine little."""

    def __init__(self, env, pids):
        self.env = env
        self.pids = ",".join(str(p) for p in pids)
        url = env.get("DATABASE_URL")
        if url:
            import psycopg

            self.conn = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)
        else:
            import sqlite3

            self.conn = sqlite3.connect(Path(env["YINGJI_DATA_DIR"]) / "yingji.sqlite3", isolation_level=None)

    def one(self, sql):
        return self.conn.execute(sql).fetchall()[0][0]

    def stored(self):
        return self.one("select count(*) from monitoring_reading")

    def running(self):
        """How many of this run's processes have written a heartbeat."""
        return self.one(f"select count(*) from monitoring_ingestheartbeat where pid in ({self.pids}) "
                        f"and stopped_at is null")

    def wait_stored(self, total, deadline):
        """(readings stored, epoch seconds of the last commit that stored some) once this run's processes have
        stored `total` readings, read from their heartbeats (written every second; `last_stored_at` is the commit's
        own time, so the figure does not depend on when this poll looks)."""
        while True:
            stored, last = self.conn.execute(
                f"select coalesce(sum(stored), 0), max(last_stored_at) from monitoring_ingestheartbeat "
                f"where pid in ({self.pids})").fetchall()[0]
            if stored >= total or time.time() > deadline:
                return stored, (_ts(last) if last is not None else time.time())
            time.sleep(0.2)

    def close(self):
        self.conn.close()


def _run_ingest(env, port, names, messages, t0, *, bare=False, crossing_every=0, rate=None, on_start=None):
    """Start the ingest processes (and the bare subscriber), publish, wait until everything is stored.
    Returns (ingest readings/s, bare readings/s or None, publish seconds)."""
    from yingji.warning.monitoring.tests import externaldb

    total = messages * PER_MESSAGE
    procs = [externaldb.yingji(env, "ingest", "--port", str(port), "--name", n,
                               stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w")) for n in names]
    out, ready, bare_proc = multiprocessing.Queue(), multiprocessing.Event(), None
    if bare:
        bare_proc = multiprocessing.Process(target=_bare, args=(port, total, out, ready), daemon=True)
        bare_proc.start()
        ready.wait(30)
    poll = _Poll(env, [p.pid for p in procs])
    try:
        deadline = time.time() + 120
        while time.time() < deadline and poll.running() < len(names):  # every process has subscribed
            time.sleep(0.5)
        time.sleep(1.0)
        if on_start:
            on_start([p.pid for p in procs])
        base = poll.stored()
        start = time.time()
        published = _publish(port, messages, t0, crossing_every, rate)
        _beats, last = poll.wait_stored(total, time.time() + 600)
        stored = poll.stored() - base  # the table's own count
        ours = stored / (last - start)
    finally:
        poll.close()
    bare_rate, bare_lat = None, []
    if bare_proc is not None:
        first, last, n, bare_lat = out.get(timeout=120)
        bare_rate = n / (last - start)
        bare_proc.terminate()
    for p in procs:
        p.terminate()
        p.wait(30)
    return ours, bare_rate, published, bare_lat


def _drain(env, port, names, messages, t0, *, bare=False, on_start=None):
    """The fair comparison of capacities: each consumer is connected and subscribed (its persistent session, QoS 1;
    the ingest's shared subscription group, the bare subscriber's own group) and then stopped (SIGSTOP); `messages`
    messages are published while no consumer runs (the broker queues them for both groups); then each consumer in
    turn, alone on the machine, is resumed (SIGCONT) and drains that same backlog, timed from its resumption to its
    last message: the bare subscriber's last receipt, our last commit (the heartbeats' `last_stored_at`). Neither
    figure contains the publisher's speed nor a process's start-up.
    Returns (ingest readings/s, bare readings/s or None, publish readings/s)."""
    import signal

    from yingji.warning.monitoring.tests import externaldb

    total = messages * PER_MESSAGE

    def start_ingest():
        procs = [externaldb.yingji(env, "ingest", "--port", str(port), "--name", n,
                                   stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w")) for n in names]
        poll = _Poll(env, [p.pid for p in procs])
        deadline = time.time() + 120
        while time.time() < deadline and poll.running() < len(names):
            time.sleep(0.2)
        time.sleep(2.0)  # connected and subscribed
        return procs, poll

    def stop(procs):
        for p in procs:
            p.terminate()
            p.wait(30)

    # the sessions exist before the backlog: a first start creates each process's persistent session (kept over
    # its exit), the second is the one measured, stopped at once
    procs, poll = start_ingest()
    poll.close()
    stop(procs)
    procs, poll = start_ingest()
    try:
        for p in procs:
            os.kill(p.pid, signal.SIGSTOP)
        bare_proc = None
        if bare:
            out, ready = multiprocessing.Queue(), multiprocessing.Event()
            bare_proc = multiprocessing.Process(target=_bare_drain, args=(port, total, out, ready), daemon=True)
            bare_proc.start()
            if not ready.wait(60):
                raise RuntimeError("the bare subscriber did not subscribe")
            os.kill(bare_proc.pid, signal.SIGSTOP)
        _clear_alarms(env)
        published = _publish(port, messages, t0, 20)
        bare_rate = None
        if bare_proc is not None:
            resumed = time.time()
            os.kill(bare_proc.pid, signal.SIGCONT)
            first, last, n = out.get(timeout=300)
            bare_rate = n / (last - resumed)
            bare_proc.terminate()
            bare_proc.join(30)
        if on_start:
            on_start([p.pid for p in procs])
        resumed = time.time()
        for p in procs:
            os.kill(p.pid, signal.SIGCONT)
        stored, last = poll.wait_stored(total, time.time() + 600)
        if stored < total:
            raise RuntimeError(f"the ingest stored {stored} of {total} readings")
    finally:
        poll.close()
        for p in procs:
            os.kill(p.pid, signal.SIGCONT)
        stop(procs)
    return total / (last - resumed), bare_rate, total / published


def _db_ceiling(env, total, t0):
    """Readings/s the database itself takes for `total` rows of the same shape, in transactions of 5,000 (the
    ceiling of any ingest on this machine at that moment), with the ingest's own statement (PostgreSQL: binary COPY,
    ingest.copy_buffer; SQLite: executemany … ON CONFLICT); the rows are deleted again afterwards."""
    url = env.get("DATABASE_URL")
    rows = [((i % SENSORS) + 1, t0 + i * 1e-4, 3.0) for i in range(total)]
    if url:
        import psycopg

        from yingji.warning.monitoring.ingest import copy_buffer

        with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
            start = time.perf_counter()
            for k in range(0, total, 5000):
                part = sorted(rows[k:k + 5000])  # by (sensor, ts), as the ingest sends them
                with conn.cursor().copy("COPY monitoring_reading (sensor_id, ts, value) FROM STDIN (FORMAT BINARY)"
                                        ) as copy:
                    copy.write(copy_buffer(*zip(*part, strict=True)))
                conn.commit()
            rate = total / (time.perf_counter() - start)
            conn.execute("DELETE FROM monitoring_reading WHERE ts < to_timestamp(%s)", (t0 + total * 1e-4 + 1,))
            conn.commit()
        return rate
    import datetime as dt
    import sqlite3

    def text(ts):
        return str(dt.datetime.fromtimestamp(ts, dt.UTC).replace(tzinfo=None))

    conn = sqlite3.connect(Path(env["YINGJI_DATA_DIR"]) / "yingji.sqlite3", timeout=30)
    start = time.perf_counter()
    for k in range(0, total, 5000):
        conn.executemany("INSERT INTO monitoring_reading (sensor_id, ts, value) VALUES (?, ?, ?) "
                         "ON CONFLICT (sensor_id, ts) DO NOTHING", [(s, text(t), v) for s, t, v in rows[k:k + 5000]])
        conn.commit()
    rate = total / (time.perf_counter() - start)
    conn.execute("DELETE FROM monitoring_reading WHERE ts < ?", (text(t0 + total * 1e-4 + 1),))
    conn.commit()
    conn.close()
    return rate


def _latency(env, since):
    """(p99, median, n) in ms from publish (the crossing's ts) to the alarm row's creation in the ingest's batch."""
    from yingji.warning.monitoring.tests import externaldb

    rows = externaldb.query(env, "select triggered_at, created_at from monitoring_alarm where alarm_type='value'")
    lat = sorted((_ts(c) - _ts(t)) * 1000 for t, c in rows if _ts(t) >= since)
    if not lat:
        return None
    p99 = statistics.quantiles(lat, n=100, method="inclusive")[98] if len(lat) > 1 else lat[0]
    return p99, statistics.median(lat), len(lat)


def _clear_alarms(env):
    from yingji.warning.monitoring.tests import externaldb

    externaldb.query(env, "delete from monitoring_alarm")


def _profiler(args, phase):
    """on_start hook: py-spy records each ingest process of this phase until it exits (--monitoring-pyspy)."""
    folder = getattr(args, "monitoring_pyspy", None)
    if not folder:
        return None
    import shutil
    import subprocess

    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        spy = shutil.which("py-spy") or spy

    def start(pids):
        for pid in pids:
            subprocess.Popen([str(spy), "record", "--pid", str(pid), "-r", "100", "-f", "raw", "--nonblocking",
                              "-o", str(Path(folder) / f"{phase}-{pid}.txt")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return start


def _measure(args, env, label, port, messages):
    total = messages * PER_MESSAGE
    t0 = time.time() - 86400
    # 1. one ingest process and the bare subscriber, each alone draining the same pre-published backlog
    ours, bare, published = _drain(env, port, ["bench-1"], messages, t0, bare=True, on_start=_profiler(args, "full"))
    yield Figure("monitoring.ingest.1proc", ours, bare, "rd/s", "bare paho subscriber draining the same backlog",
                 f"{PER_MESSAGE} readings/message, {total:,} readings published at QoS 1 to persistent sessions "
                 f"before either consumer ran (publisher {published:,.0f} rd/s, out of both figures), {SENSORS} "
                 f"sensors, {label}, rules evaluated; each alone, timed from its resumption to its last message")
    db = _db_ceiling(env, total, t0 - 7200)
    yield Figure("monitoring.ingest.vs_database", ours, db, "rd/s", "the database alone, same rows",
                 "the ingest's statement by hand (binary COPY; SQLite: executemany … ON CONFLICT DO NOTHING), 5,000 "
                 "rows per transaction, sent by psycopg/sqlite3 from this process: no MQTT, no parsing, no rules")
    # 2. paced at the target rate (or the publisher's own limit): latency of an ingest that keeps up
    rate = getattr(args, "monitoring_rate", 20000)
    _clear_alarms(env)
    since = time.time()
    paced, _b, published, bare_lat = _run_ingest(env, port, ["bench-1"], messages, t0 + 1800, crossing_every=20,
                                                 rate=rate, bare=True,
                                      on_start=_profiler(args, "paced"))
    lat = _latency(env, since)
    if lat and bare_lat:
        bare_ms = sorted(x * 1000 for x in bare_lat)
        bare_p99 = statistics.quantiles(bare_ms, n=100, method="inclusive")[98] if len(bare_ms) > 1 else bare_ms[0]
        yield Figure("monitoring.publish_to_alarm.p99.paced", lat[0], bare_p99, "ms",
                     "bare subscriber: publish→receipt p99 of the same messages",
                     f"{lat[2]} alarms; publisher paced at {rate:,} rd/s (achieved {total / published:,.0f}), "
                     f"ingest {paced:,.0f} rd/s; median {lat[1]:.0f} ms (bare {statistics.median(bare_ms):.0f} ms); "
                     f"issue 10's target: p99 < 1,000 ms")
    # 3. two processes on one shared subscription draining a backlog; the first keeps its client id: a retired id
    # keeps its persistent session, and the broker would keep queueing its share of the shared subscription for it
    two, _b, _p = _drain(env, port, ["bench-1", "bench-2"], messages, t0 + 3600, on_start=_profiler(args, "two"))
    yield Figure("monitoring.ingest.2proc", two, ours, "rd/s", "one ingest process draining the same backlog (above)",
                 f"two processes, one shared subscription, {label}")


def _ts(v):
    if isinstance(v, str):
        v = datetime.datetime.fromisoformat(v)
    if v.tzinfo is None:
        v = v.replace(tzinfo=datetime.UTC)
    return v.timestamp()
