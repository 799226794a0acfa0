"""Yingji benchmarks: `make bench` (or `.venv/bin/python bench/run.py [--scale N] [--only NAME ...]`).

Every bench/<name>.py that defines `run(args)` is a benchmark; a new one is picked up without editing this file.
`run(args)` yields `Figure`s (bench/_common.py), each printed as one line: our figure, a baseline measured in the
same run on the same data, and their ratio. A module may also define `ORDER` (int, default 100), `DESCRIPTION`
and `add_arguments(parser)` for options of its own.

Each benchmark runs in a child process of its own, because Django's settings (SQLite file or PostgreSQL URL) are
fixed when Django starts and the benchmarks need different databases.
"""

import argparse
import importlib
import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def discover():
    """{name: module} of every bench/<name>.py with a run(args) function, in ORDER."""
    sys.path.insert(0, str(BENCH_DIR))
    found = {}
    for info in pkgutil.iter_modules([str(BENCH_DIR)]):
        if info.name.startswith("_") or info.name == "run":
            continue
        module = importlib.import_module(info.name)
        if callable(getattr(module, "run", None)):
            found[info.name] = module
    return dict(sorted(found.items(), key=lambda kv: (getattr(kv[1], "ORDER", 100), kv[0])))


def parser_for(modules):
    p = argparse.ArgumentParser(description="Yingji benchmarks: each figure beside a baseline from the same run.")
    p.add_argument("--scale", type=float, default=1.0, help="multiplies every record count (default 1)")
    p.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    p.add_argument("--profile", action="store_true", help="profile the measured part (cProfile) and print the top")
    p.add_argument("--keep", action="store_true", help="keep the scratch databases (for a look afterwards)")
    p.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
                   help="a PostgreSQL URL with the right to create databases, for the benchmarks that use one")
    p.add_argument("--child", help=argparse.SUPPRESS)
    for module in modules.values():
        if hasattr(module, "add_arguments"):
            module.add_arguments(p)
    return p


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    modules = discover()
    args = parser_for(modules).parse_args(argv)

    if args.child:
        from _common import print_figure

        for item in modules[args.child].run(args):
            print_figure(item)
            sys.stdout.flush()
        return 0

    if args.list:
        for name, module in modules.items():
            print(f"{name:<16} {getattr(module, 'DESCRIPTION', '')}")
        return 0

    selected = list(modules)
    if args.only:
        unknown = [n for n in args.only if n not in modules]
        if unknown:
            print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(modules)}", file=sys.stderr)
            return 2
        selected = [n for n in modules if n in args.only]

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Yingji benchmarks, scale {args.scale:g}, Python {sys.version.split()[0]}, "
          f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {os.cpu_count()} CPUs, load average {load:.1f}")
    print("ratio = ours / baseline (for rates higher is better, for latencies lower is better)")
    failed = []
    for name in selected:
        print(f"\n## {name}: {getattr(modules[name], 'DESCRIPTION', '')}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(BENCH_DIR / "run.py"), *argv, "--child", name], cwd=ROOT)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"   ({name} took {time.monotonic() - started:.0f} s wall; load average now {load:.1f})", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
