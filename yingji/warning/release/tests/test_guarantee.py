"""GUARANTEE: exactly once per (recipient, channel) while worker processes are killed with SIGKILL again and again.

Real parts: a loopback gateway started as its own process on a real port, recording in its own SQLite file; worker
processes forked from this one that run the same sending loop as `yingji release-worker` against a database file
(SQLite: a copy of the test database made with SQLite's backup API; PostgreSQL: the test database itself). The
gateway answers 5 % of its calls with 503 (temporary) and refuses numbers ending in 0000 (空号, permanent).
At the end the gateway's own record must hold every delivery exactly once: 0 duplicates, 0 missing.
"""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from yingji.platform.core.services_for_tests import fork_worker, free_port, wait_for_port, worker_database
from yingji.warning.release import services
from yingji.warning.release.choices import Duty
from yingji.warning.release.models import Delivery, Recipient

N_PEOPLE = 1000
CHANNELS = ["sms", "voice", "email"]


def _gateway(tmp_path, flaky=0.05):
    port = free_port()
    db = tmp_path / "gateway.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "yingji.warning.release.gateway", "--port", str(port),
                             "--db", str(db), "--flaky", str(flaky)], stdout=subprocess.DEVNULL)
    wait_for_port(port)
    return proc, port, db


def _fork_worker(dbfile):
    def work():
        from yingji.warning.release import channels, delivery

        channels.reset()
        random.seed(os.getpid())
        delivery.worker_loop(idle_sleep=0.05, receipts_every=3600)

    return fork_worker(dbfile, work)


def _open_rows(dbfile):
    if dbfile:
        with sqlite3.connect(dbfile, timeout=30) as db:
            return db.execute("SELECT COUNT(*) FROM release_delivery WHERE status IN ('queued', 'sending')"
                              ).fetchone()[0]
    from django.db import connections

    connections["default"].close()
    return Delivery.objects.filter(status__in=["queued", "sending"]).count()


def _rows(dbfile):
    if dbfile:
        with sqlite3.connect(dbfile, timeout=30) as db:
            return db.execute("SELECT id, status, error FROM release_delivery").fetchall()
    return list(Delivery.objects.values_list("id", "status", "error"))


@pytest.mark.django_db(transaction=True)
def test_kill_minus_9_workers_no_duplicate_no_missing(world, tmp_path, settings):
    settings.YINGJI_RELEASE_LEASE_SECONDS = 1.0
    settings.YINGJI_RELEASE_BACKOFF_SECONDS = 0.1
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # the workers send
    settings.YINGJI_RELEASE_CHANNELS = {c: {"batch": 40} for c in CHANNELS}
    gateway, port, gateway_db = _gateway(tmp_path)
    settings.YINGJI_RELEASE_GATEWAY_URL = f"http://127.0.0.1:{port}"
    try:
        village = world.regions.village_a
        people = [Recipient(name=f"人{i}", phone=f"139{i:08d}" if i % 250 else f"137{i:04d}0000",
                            email=f"p{i}@example.cn", region=village, duty=Duty.GRID) for i in range(N_PEOPLE)]
        Recipient.objects.bulk_create(people)
        release = services.start_release(None, actor=world.users.admin, title="台风红色预警", text="请立即转移",
                                         level="red", regions=[world.regions.county], channels=CHANNELS)
        services.resolve_release(release.pk)
        expected = Delivery.objects.filter(release=release).count()
        assert expected == N_PEOPLE * len(CHANNELS)

        dbfile = worker_database(tmp_path, "release.sqlite3")

        rnd = random.Random(9)
        workers = [_fork_worker(dbfile) for _ in range(3)]
        kills = 0
        started = time.monotonic()
        # kills while work is open, for five seconds at least and until ten kills, however fast or slow the machine
        while _open_rows(dbfile) and (kills < 10 or time.monotonic() - started < 5):
            time.sleep(rnd.uniform(0.02, 0.15))
            victim = workers.pop(rnd.randrange(len(workers)))
            os.kill(victim, signal.SIGKILL)
            os.waitpid(victim, 0)
            kills += 1
            workers.append(_fork_worker(dbfile))
        while time.monotonic() - started < 18 and _open_rows(dbfile):
            time.sleep(0.2)
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)

        rows = _rows(dbfile)
        print(f"{kills} kills, settled in {time.monotonic() - started:.1f} s")
        assert kills >= 5  # workers really died mid-release (a fast machine may finish the work before ten)
        assert len(rows) == expected
        assert not [r for r in rows if r[1] in ("queued", "sending")], "every delivery settled"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats") as r:
            stats = json.load(r)
        with sqlite3.connect(gateway_db) as g:
            received = dict(g.execute("SELECT key, receives FROM messages").fetchall())
        ours = {str(pk) for pk, _status, _e in rows}
        assert stats["duplicates"] == 0, "nobody got the same message twice on one channel"
        assert set(received) == ours, "nobody skipped, nothing unknown"
        assert set(received.values()) == {1}
        failed = [r for r in rows if r[1] == "failed"]
        # the 空号 numbers fail for good on sms and voice (email addresses are fine), nothing else fails
        assert len(failed) == 2 * (N_PEOPLE // 250)
        assert all("空号" in r[2] for r in failed)
    finally:
        gateway.terminate()
        gateway.wait()
