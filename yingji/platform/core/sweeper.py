"""The sweeper: one long-running process (`yingji sweeper`) that runs every registered sweep in turn, forever.

A sweep is for work that must happen at a time (叫应 escalation steps, reporting-deadline reminders, sensors gone
silent, expiring warnings). Its state lives in database rows with a next-action time, never only in a queue or in
memory, so a killed and restarted sweeper resumes exactly where it was. A sweep must therefore be idempotent and
claim what it acts on with a conditional UPDATE (or SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL) inside a
transaction, so two sweepers running at once never act twice on one row.

An app registers its sweeps in `<app>/sweeps.py`:

    from yingji.platform.core import sweeper

    @sweeper.sweep("release.escalate", every=5)
    def escalate(now):
        ...  # act on rows due at `now`; return how many actions were taken

`run_once(now)` runs every due sweep once (tests call it with a chosen `now`); the command loops over it.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections, connection
from django.utils import timezone

from .discovery import autodiscover

log = logging.getLogger("yingji.sweeper")


@dataclass
class Sweep:
    name: str
    fn: Callable
    every: float  # seconds between two runs of this sweep
    last: float = 0.0  # monotonic time of the last run in this process


_sweeps = {}


def sweep(name, *, every=5):
    def wrap(fn):
        _sweeps[name] = Sweep(name, fn, every)
        return fn

    return wrap


def sweeps():
    autodiscover("sweeps")
    return dict(_sweeps)


def run_once(now=None, *, only=None, force=True):
    """Run the sweeps (all, or the names in `only`) once at `now` (default: the current time) and return
    {name: actions taken}. With force=False a sweep runs only when its interval has passed (the loop's mode). A sweep
    that raises is logged and reported as -1; the others still run."""
    results = {}
    for s in sweeps().values():
        if only and s.name not in only:
            continue
        tick = time.monotonic()
        if not force and tick - s.last < s.every:
            continue
        s.last = tick
        try:
            results[s.name] = int(s.fn(now or timezone.now()) or 0)
        except Exception:
            log.exception("sweep %s failed", s.name)
            results[s.name] = -1
        finally:
            if not connection.in_atomic_block:  # a caller's transaction (a test's) keeps its connection
                close_old_connections()
    return results


def run_forever(*, tick=1.0, only=None, stop=lambda: False):
    """The process loop: every `tick` seconds run the sweeps whose interval has passed."""
    while not stop():
        results = run_once(only=only, force=False)
        for name, count in results.items():
            if count:
                log.info("sweep %s: %s", name, count)
        time.sleep(tick)
