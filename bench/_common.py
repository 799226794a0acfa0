"""Shared helpers of the benchmarks: Django start-up on a chosen database, timing, figures."""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    """One result line: our figure beside the baseline measured in the same run."""

    name: str
    ours: float
    baseline: float
    unit: str
    baseline_label: str
    note: str = ""

    @property
    def ratio(self):
        return self.ours / self.baseline if self.baseline else float("nan")


def _num(v):
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def print_figure(item):
    if isinstance(item, Figure):
        print(f"{item.name:<30} ours {_num(item.ours):>9} {item.unit:<7} baseline {_num(item.baseline):>9} "
              f"{item.unit:<7} ratio {item.ratio:6.2f}   [{item.baseline_label}] {item.note}".rstrip())
    else:
        print(f"   {item}")


def setup_django(**env):
    """Start Django with these environment variables (DATABASE_URL, YINGJI_DATA_DIR …) set first."""
    os.environ.update({k: str(v) for k, v in env.items()})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.settings")
    os.environ.setdefault("DEBUG", "0")  # no query log: measure what production runs
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def p95(samples):
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


@contextmanager
def stopwatch():
    """Wall seconds and this process's CPU seconds (the machine may be busy with other work)."""
    box = {}
    start, cpu = time.perf_counter(), time.process_time()
    try:
        yield box
    finally:
        box["seconds"] = time.perf_counter() - start
        box["cpu"] = time.process_time() - cpu


@contextmanager
def maybe_profile(enabled, title, top=30):
    """cProfile the block when enabled and print the functions with most own time and most cumulative time."""
    if not enabled:
        yield
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        for key in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(prof, stream=out).strip_dirs().sort_stats(key).print_stats(top)
            print(f"\n--- profile of {title}, by {key} ---\n{out.getvalue()}", file=sys.stderr)


def scratch_postgres(args, name, measure):
    """A scratch PostgreSQL database `name` on the server of args.pg (or BENCH_PG_URL, default loopback): created
    fresh, `yield from measure(url)`, then closed and dropped (kept with --keep). PostgreSQL not reachable: one
    "skipped" line instead of a traceback."""
    import psycopg

    name = os.environ.get("BENCH_DB_PREFIX", "") + name  # several people on one server: each his own databases
    admin_url = getattr(args, "pg", None) or os.environ.get("BENCH_PG_URL",
                                                            "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as e:
        yield f"skipped: PostgreSQL not reachable at {admin_url} ({str(e).strip().splitlines()[0]})"
        return
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    url = f"{admin_url.rpartition('/')[0]}/{name}"
    try:
        yield from measure(url)
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 — Django may not be set up yet when measure failed early
            pass
        if getattr(args, "keep", False):
            print(f"   kept database {url}")
        else:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
