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


def _bare(port, total, out, ready):
    """Subscribe, parse, count readings; report (first, last) receive times."""
    import paho.mqtt.client as mqtt

    box = {"n": 0, "first": None}

    def on_message(c, u, m):
        box["first"] = box["first"] or time.time()
        box["n"] += len(json.loads(m.payload)["readings"])
        if box["n"] >= total:
            out.put((box["first"], time.time(), box["n"]))

    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bare", protocol=mqtt.MQTTv5)
    c.on_message = on_message
    c.on_subscribe = lambda *a: ready.set()
    c.connect("127.0.0.1", port)
    c.subscribe("$share/bare/yingji/readings/#", qos=1)
    c.loop_forever()


def _publish(port, messages, t0, crossing_every):
    import paho.mqtt.client as mqtt

    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"pub-{t0}", protocol=mqtt.MQTTv5)
    c.max_inflight_messages_set(1000)
    c.max_queued_messages_set(0)
    c.connect("127.0.0.1", port)
    c.loop_start()
    infos, crossing = [], 0
    for m in range(messages):
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


def run(args):
    sys.path.insert(0, str(ROOT))
    from yingji.platform.core.services_for_tests import Mosquitto

    messages = getattr(args, "monitoring_messages", 2000)
    total = messages * PER_MESSAGE
    folder = tempfile.mkdtemp(prefix="yingji-bench-mqtt-")
    os.chmod(folder, 0o777)
    broker = Mosquitto(folder)
    with open(broker.conf, "a") as f:
        f.write("max_queued_messages 0\nmax_inflight_messages 0\n")
    broker.start()
    try:
        yield from _measure(broker.port, messages, total)
    finally:
        broker.stop()


def _database():
    """(env for the ingest processes, label); builds the scratch schema."""
    from yingji.warning.monitoring.tests import externaldb

    url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        import psycopg

        admin = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True, connect_timeout=5)
        admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB}")
        env = externaldb.environment(database_url=f"{url.rpartition('/')[0]}/{DB}")
        label = "PostgreSQL"
    except Exception:
        env = externaldb.environment(data_dir=Path(tempfile.mkdtemp(prefix="yingji-bench-db-")))
        label = "SQLite"
    externaldb.setup(env, SENSORS)
    return env, label


def _stored(env):
    from yingji.warning.monitoring.tests import externaldb

    return externaldb.query(env, "select count(*) from monitoring_reading")[0][0]


def _run_ingest(env, port, names, messages, total, t0, *, bare=False, crossing_every=0, base=0):
    """Start the ingest processes (and the bare subscriber), publish, wait until everything is stored."""
    from yingji.warning.monitoring.tests import externaldb

    procs = [externaldb.yingji(env, "ingest", "--port", str(port), "--name", n, "--batch", "100",
                               stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w")) for n in names]
    out, ready, bare_proc = multiprocessing.Queue(), multiprocessing.Event(), None
    if bare:
        bare_proc = multiprocessing.Process(target=_bare, args=(port, total, out, ready), daemon=True)
        bare_proc.start()
        ready.wait(30)
    deadline = time.time() + 120
    while time.time() < deadline:  # every ingest process has subscribed (its heartbeat row exists)
        try:
            if externaldb.query(env, "select count(*) from monitoring_ingestheartbeat "
                                     "where stopped_at is null")[0][0] >= len(names):
                break
        except Exception:
            pass
        time.sleep(0.5)
    time.sleep(1.0)
    start = time.time()
    _publish(port, messages, t0, crossing_every)
    while _stored(env) < base + total and time.time() < deadline + 600:
        time.sleep(0.05)
    ours = (_stored(env) - base) / (time.time() - start)
    bare_rate = None
    if bare_proc is not None:
        first, last, n = out.get(timeout=120)
        bare_rate = n / (last - start)
        bare_proc.terminate()
    for p in procs:
        p.terminate()
        p.wait(30)
    return ours, bare_rate


def _measure(port, messages, total):
    from yingji.warning.monitoring.tests import externaldb

    env, label = _database()
    t0 = time.time() - 86400
    ours, bare = _run_ingest(env, port, ["bench-1"], messages, total, t0, bare=True, crossing_every=20)
    yield Figure("monitoring.ingest.1proc", ours, bare, "rd/s", "bare paho subscriber, same stream",
                 f"{PER_MESSAGE} readings/message, {total:,} readings, {SENSORS} sensors, {label}, rules evaluated")
    rows = externaldb.query(env, "select triggered_at, created_at from monitoring_alarm where alarm_type='value'")
    lat = sorted((_ts(c) - _ts(t)) * 1000 for t, c in rows)
    if lat:
        p99 = statistics.quantiles(lat, n=100, method="inclusive")[98] if len(lat) > 1 else lat[0]
        yield Figure("monitoring.publish_to_alarm.p99", p99, 1000.0, "ms", "target of issue 10 (1 s)",
                     f"{len(lat)} alarms under the full stream; median {statistics.median(lat):.0f} ms")
    base = _stored(env)
    # the same client id for the first process: a retired id keeps its persistent session, and the broker would
    # keep queueing its share of the shared subscription for it
    two, _b = _run_ingest(env, port, ["bench-1", "bench-2"], messages, total, t0 + 3600, base=base)
    yield Figure("monitoring.ingest.2proc", two, ours, "rd/s", "one ingest process (above)",
                 f"two processes, one shared subscription, {label}")


def _ts(v):
    if isinstance(v, str):
        v = datetime.datetime.fromisoformat(v)
    if v.tzinfo is None:
        v = v.replace(tzinfo=datetime.UTC)
    return v.timestamp()
