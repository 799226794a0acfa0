"""Release of one message to many recipients on PostgreSQL, beside a raw COPY of the same rows; the loopback
gateway's receive rate with N sending workers beside raw HTTP posts to it; one 叫应 sweep over the open
confirmations beside the indexed SQL that finds them.

Sizes: 200,000 recipients × --scale (`--scale 5`: the 1,000,000 of issue 9); the sweep takes 100,000 × scale/2 open
confirmations (100,000 at --scale 2). A scratch database is created and dropped (BENCH_PG_URL, default loopback).
"""

import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from _common import Figure, maybe_profile, migrate, scratch_postgres, setup_django

ORDER = 60
DESCRIPTION = "预警发布: 1M-recipient release vs COPY, loopback gateway rate, 叫应 sweep vs its SQL (PostgreSQL)"
DB = "yingji_bench_release"


def add_arguments(parser):
    parser.add_argument("--release-workers", type=int, default=2, help="sending worker processes (default 2)")


def run(args):
    yield from scratch_postgres(args, DB, lambda url: _measure(args, url))


def _copy(cur, table, columns, rows):
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _measure(args, url):
    setup_django(DATABASE_URL=url, DB_CONN_MAX_AGE=600)
    from django.db import connection
    from django.utils import timezone

    from yingji.platform.accounts.models import User
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region
    from yingji.warning.release import services, sweeps
    from yingji.warning.release.models import Delivery, Recipient, Target

    scale = getattr(args, "scale", 1.0)
    n = max(1000, int(200_000 * scale))
    t = time.perf_counter()
    migrate()
    yield f"scratch database {url} migrated in {time.perf_counter() - t:.1f} s"
    province = Region.objects.create(code="330000000000", name="浙江省", level=Level.PROVINCE)
    city = Region.objects.create(code="331000000000", name="台州市", level=Level.CITY, parent=province)
    county = Region.objects.create(code="331099000000", name="安澜县", level=Level.COUNTY, parent=city)
    villages = []
    for i in range(10):
        town = Region.objects.create(code=f"331099{101 + i:03d}000", name=f"镇{i}", level=Level.TOWNSHIP,
                                     parent=county)
        villages += [Region.objects.create(code=f"331099{101 + i:03d}{201 + j:03d}", name=f"村{i}-{j}",
                                           level=Level.VILLAGE, parent=town) for j in range(10)]
    actor = User.objects.create(username="bench", full_name="基准", is_superuser=True, region=county)
    now = timezone.now()
    t = time.perf_counter()
    with connection.cursor() as c:
        cur = c.cursor
        _copy(cur, Recipient._meta.db_table,
              ["name", "phone", "duty", "position", "region_id", "email", "terminal", "note", "created_at",
               "updated_at", "void_reason"],
              ((f"人{i}", f"13{i % 7 + 3}{i:08d}", "grid", "", villages[i % len(villages)].pk, "", "", "", now,
                now, "") for i in range(n)))
        cur.execute("VACUUM ANALYZE")
    yield f"{n:,} recipients loaded with COPY in {time.perf_counter() - t:.1f} s"

    # 1. release: from 发布 until every per-recipient delivery row is queued
    with maybe_profile(getattr(args, "profile", False), "release"):
        t = time.perf_counter()
        release = services.start_release(None, actor=actor, title="暴雨橙色预警", text="请防御", level="orange",
                                          regions=[county], channels=["sms"])
        count = services.resolve_release(release.pk)
        ours = time.perf_counter() - t
    assert count == n and Delivery.objects.filter(release=release).count() == n
    # baseline: COPY of the same target and delivery rows into tables of the same shape and indexes
    targets = list(Target.objects.filter(release=release).values_list(
        "id", "release_id", "recipient_id", "region_id", "state", "step", "next_action_at"))
    deliveries = list(Delivery.objects.filter(release=release).values_list(
        "id", "release_id", "target_id", "recipient_id", "channel", "next_try_at", "created_at"))
    tgt, dl = Target._meta.db_table, Delivery._meta.db_table
    with connection.cursor() as c:
        cur = c.cursor
        cur.execute(f"CREATE TABLE b_target (LIKE {tgt} INCLUDING ALL)")
        cur.execute(f"CREATE TABLE b_delivery (LIKE {dl} INCLUDING ALL)")
        t = time.perf_counter()
        _copy(cur, "b_target", ["id", "release_id", "recipient_id", "region_id", "state", "step", "next_action_at",
                                "confirm_method"], (r + ("",) for r in targets))
        _copy(cur, "b_delivery", ["id", "release_id", "target_id", "recipient_id", "channel", "next_try_at",
                                  "created_at", "address", "round", "status", "attempts", "lease_owner", "uncertain",
                                  "error"], (r + ("", 0, "queued", 0, "", False, "") for r in deliveries))
        baseline = time.perf_counter() - t
    yield Figure(f"release to {n:,} recipients", ours, baseline, "s", "COPY of the same rows",
                 f"INSERT…SELECT of {n:,} targets + {n:,} deliveries, de-duplicated per phone")
    del targets, deliveries

    # 2. the loopback gateway's receive rate with N workers, beside raw posts to it
    yield from _gateway_rate(args, release.pk, url)

    # 3. one 叫应 sweep over the open confirmations, beside the indexed SQL that finds them
    open_n = min(n, max(1000, int(50_000 * scale)))
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {tgt} SET next_action_at = NULL WHERE release_id = %s", [release.pk])
        cur.execute(f"UPDATE {tgt} SET next_action_at = %s WHERE id IN (SELECT id FROM {tgt} WHERE release_id = %s "
                    f"ORDER BY id LIMIT %s)", [now, release.pk, open_n])
        cur.execute(f"ANALYZE {tgt}")
    at = now + datetime.timedelta(minutes=4)
    with connection.cursor() as cur:
        t = time.perf_counter()
        cur.execute(sweeps.due_targets_sql(), [at, open_n + 1])
        found = len(cur.fetchall())
        baseline = time.perf_counter() - t
    with maybe_profile(getattr(args, "profile", False), "sweep"):
        t = time.perf_counter()
        steps = sweeps.escalate(at)
        ours = time.perf_counter() - t
    assert found == open_n == steps, (found, open_n, steps)
    yield Figure(f"叫应 sweep of {open_n:,} due", ours, baseline, "s", "indexed SELECT of the due rows",
                 "one step each: state moved, a voice call queued, an event written")


def _gateway_rate(args, release_id, url):
    from django.db import connection

    from yingji.platform.core.services_for_tests import free_port, wait_for_port
    from yingji.warning.release.models import Delivery

    tmp = tempfile.mkdtemp(prefix="yingji-bench-gateway-")
    port = free_port()
    gateway = subprocess.Popen([sys.executable, "-m", "yingji.warning.release.gateway", "--port", str(port),
                                "--db", f"{tmp}/gw.sqlite3", "--reject", "^$"], stdout=subprocess.DEVNULL)
    wait_for_port(port)
    gw = f"http://127.0.0.1:{port}"
    window = 10.0
    try:
        # baseline: one client posting batches of 100 directly (no database), for the same window
        t, sent, i = time.perf_counter(), 0, 0
        while time.perf_counter() - t < window / 2:
            body = json.dumps({"messages": [{"key": f"raw{i}-{k}", "channel": "sms", "to": "13800000000",
                                             "text": "x"} for k in range(100)]}).encode()
            req = urllib.request.Request(f"{gw}/send", data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req) as r:
                r.read()
            sent += 100
            i += 1
        raw_rate = sent / (time.perf_counter() - t)
        connection.close()
        env = {**os.environ, "DATABASE_URL": url, "YINGJI_RELEASE_GATEWAY_URL": gw, "DEBUG": "0"}
        workers = [subprocess.Popen([sys.executable, "-m", "yingji.cli", "release-worker"], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for _ in range(args.release_workers)]
        try:
            # measure from the first sent row (the workers need a moment to start); a sent row may already be
            # 送达 (the workers pull the gateway's delivery reports), so both count
            handed = Delivery.objects.filter(release_id=release_id, status__in=["sent", "delivered"])
            deadline = time.monotonic() + 60
            while not handed.exists():
                if time.monotonic() > deadline:
                    raise RuntimeError("workers sent nothing in 60 s")
                time.sleep(0.1)
            start_n = handed.count()
            t = time.perf_counter()
            time.sleep(window)
            done = handed.count() - start_n
            ours = done / (time.perf_counter() - t)
        finally:
            for w in workers:
                w.send_signal(signal.SIGKILL)
                w.wait()
        with urllib.request.urlopen(f"{gw}/stats") as r:
            stats = json.load(r)
        yield Figure(f"gateway receive, {args.release_workers} workers", ours, raw_rate, "msg/s",
                     "raw HTTP posts, 1 client, no database",
                     f"claim+send+record; gateway duplicates: {stats['duplicates']}")
    finally:
        gateway.terminate()
        gateway.wait()
