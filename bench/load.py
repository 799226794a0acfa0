"""A bounded load test on loopback: bureau staff (locust users with API tokens, bench/_locustfile.py) against the
production server (`yingji serve`, gunicorn) on PostgreSQL holding the supervision province at --scale.

Default: 200 concurrent users for 5 minutes (`--users`, `--duration`), each clicking every 1–3 s through hazard
lists and details, enterprise lists and details, the supervision and accident statistics and a few new hazards.
Each request kind's p95 is printed beside the p95 of `/healthz` under the same load (a request that asks the
database for SELECT 1 only: the floor of the server, the network and the machine at that moment), with its count
and failures; issue 14's target is 0 errors and a p95 under 300 ms. Each side's CPU per request (gunicorn's process
tree, the PostgreSQL backends of the bench's database, locust) is printed with the request rate the machine's cores
could serve at that cost: the limit of the p95 on this machine, measured.

    .venv/bin/python bench/run.py --only load --scale 4             # the issue's run (20,000 enterprises …)
    .venv/bin/python bench/run.py --only load --users 50 --duration 60
"""

import csv
import datetime
import multiprocessing
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import Figure, migrate, scratch_postgres, setup_django

ORDER = 90
DESCRIPTION = "200 concurrent API users for 5 minutes on `yingji serve` and PostgreSQL (locust), p95 per request kind"
DB = os.environ.get("BENCH_LOAD_DB", "yingji_bench_load")
SEED = 20261204
STAFF = 20  # enforcement officers whose tokens the simulated users share


def add_arguments(parser):
    parser.add_argument("--users", type=int, default=200, help="concurrent users (default 200)")
    parser.add_argument("--duration", type=int, default=300, help="seconds of load (default 300)")
    parser.add_argument("--spawn-rate", type=float, default=20, help="users started per second (default 20)")
    parser.add_argument("--web-workers", type=int, default=multiprocessing.cpu_count() * 2 + 1,
                        help="gunicorn worker processes (default 2 × cores + 1, as `yingji serve`)")


def run(args):
    yield from scratch_postgres(args, DB, lambda url: _measure(args, url))


def _measure(args, url):
    try:
        import locust  # noqa: F401
    except ImportError:
        yield "skipped: locust is not installed (make bench installs the bench extra: pip install -e '.[bench]')"
        return
    setup_django(DATABASE_URL=url, DB_CONN_MAX_AGE=600)
    import supervision
    from django.db import connection

    from yingji.platform.accounts.models import User
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard

    t = time.perf_counter()
    migrate()
    county, _towns, _villages, bureau, counts = supervision.populate(args.scale, random.Random(SEED))
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    yield (f"scale {args.scale:g}: {counts['enterprises']:,} enterprises, {counts['hazards']:,} hazards, "
           f"{counts['accidents']:,} accidents; migrated and loaded in {time.perf_counter() - t:.0f} s")

    tokens = []
    for k in range(STAFF):
        user, token = supervision.make_user(f"load-officer-{k}", "enforcement", county)
        User.objects.filter(pk=user.pk).update(organisation=bureau)
        tokens.append(token)
    in_county = Enterprise.objects.restrict(User.objects.get(username="load-officer-0"))
    enterprises = list(in_county.values_list("pk", flat=True).order_by("?")[:500])
    pages = max(1, min(20, in_county.count() // 50))  # pages of the enterprise list that exist (50 rows a page)
    hazards = list(Hazard.objects.filter(enterprise__in=enterprises).values_list("pk", flat=True)[:2000])
    connection.close()

    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "YINGJI_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "127.0.0.1", "YINGJI_HTTPS": "0", "DB_CONN_MAX_AGE": "600"}
    server = subprocess.Popen([sys.executable, "-m", "yingji.cli", "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(args.web_workers), "--no-collectstatic"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port)
        cpu_before = _cpu_now(server.pid)
        backends = _Backends(url)
        with tempfile.TemporaryDirectory() as tmp:
            prefix = Path(tmp) / "load"
            load_env = {**env, "LOAD_TOKENS": ",".join(tokens), "LOAD_HAZARDS": ",".join(map(str, hazards)),
                        "LOAD_ENTERPRISES": ",".join(map(str, enterprises)), "LOAD_YEAR": str(datetime.date.today().year - 1), "LOAD_PAGES": str(pages)}
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("_locustfile.py")),
                            "--headless", "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s",
                            "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
                            "--stop-timeout", "10", "--loglevel", "ERROR"],
                           env=load_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            took = time.perf_counter() - t
            cpu = {k: v - cpu_before[k] for k, v in _cpu_now(server.pid).items()}
            cpu["database"] = backends.stop()
            with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
                rows = {r["Name"]: r for r in csv.DictReader(f)}
    finally:
        server.terminate()
        server.wait(60)

    floor = float(rows["/healthz"]["95%"])
    total = rows.pop("Aggregated")
    yield (f"{args.users} users for {args.duration} s ({took:.0f} s with ramp-up) on {args.web_workers} gunicorn "
           f"workers: {int(total['Request Count']):,} requests, {int(total['Failure Count'])} failures, "
           f"{float(total['Requests/s']):.0f} requests/s")
    served = int(total["Request Count"])
    yield ("CPU per request (the processes' user + system time over the run, divided by the requests): "
           + ", ".join(f"{label} {cpu[key] / served * 1000:.1f} ms" for key, label in _CPU_LABELS)
           + f"; at this cost the machine's {os.cpu_count()} cores would serve at most "
           f"{os.cpu_count() / max(cpu['web'] + cpu['database'], 1e-9) * served:.0f} requests/s with no load generator "
           f"on the machine, {os.cpu_count() / max(sum(cpu.values()), 1e-9) * served:.0f} with it")
    for name, r in sorted(rows.items()):
        if name == "/healthz":
            continue
        yield Figure(f"load {name}"[:30], float(r["95%"]), floor, "ms p95", "/healthz p95 under the same load",
                     f"{int(r['Request Count']):,} req, {int(r['Failure Count'])} failed")
    yield Figure("load: all requests", float(total["95%"]), 300, "ms p95", "issue 14 target (not a measurement)",
                 f"{int(total['Failure Count'])} failures of {int(total['Request Count']):,}")


_CPU_LABELS = (("web", "web (gunicorn)"), ("database", "database (PostgreSQL)"), ("generator", "load generator (locust)"))


def _cpu_now(server_pid):
    """CPU seconds (user + system) used so far by the web server's process tree and by this process's finished
    children (locust, once it has returned). A process's reaped children count in its own figure (Linux adds their
    times to the parent's), so workers that gunicorn recycled (max_requests) are not lost."""
    import resource

    import psutil

    def tree(p):
        try:
            t = p.cpu_times()
            own = t.user + t.system + t.children_user + t.children_system
            return own + sum(tree(c) for c in p.children())
        except psutil.NoSuchProcess:
            return 0.0

    finished = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"web": tree(psutil.Process(server_pid)), "generator": finished.ru_utime + finished.ru_stime}


class _Backends:
    """The CPU seconds of the PostgreSQL backends serving the bench's database, whatever else the server is doing:
    a thread asks pg_stat_activity for them twice a second and keeps each backend's latest CPU time (a backend that
    ends with its recycled gunicorn worker loses at most its last half second). stop() returns the sum."""

    def __init__(self, url):
        import threading

        self.url, self.seen, self.done = url, {}, threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self):
        import psutil
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while True:
                backends = conn.execute("SELECT pid, backend_start FROM pg_stat_activity"
                                        " WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchall()
                for pid, started in backends:  # (pid, start): a pid the system reuses is another backend
                    try:
                        t = psutil.Process(pid).cpu_times()
                    except psutil.NoSuchProcess:
                        continue
                    self.seen[pid, started] = t.user + t.system
                if self.done.wait(0.5):
                    return

    def stop(self):
        self.done.set()
        self.thread.join(10)
        return sum(self.seen.values())


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port, timeout=120):
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"yingji serve did not open port {port} within {timeout} s")
