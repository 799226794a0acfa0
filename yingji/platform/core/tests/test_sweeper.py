"""The sweeper runs every registered sweep, isolates a failing one, and honours intervals in its loop mode."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from yingji.platform.core import sweeper

pytestmark = pytest.mark.django_db  # each sweep ends by closing stale connections


def test_run_once_runs_each_sweep_with_now_and_isolates_failures(monkeypatch):
    sweeper.sweeps()  # the apps' sweeps register into the real table before it is swapped for this test's
    seen = []
    monkeypatch.setattr(sweeper, "_sweeps", {})
    sweeper.sweep("t.ok", every=60)(lambda now: seen.append(now) or 3)

    def broken(now):
        raise RuntimeError("boom")

    sweeper.sweep("t.broken", every=60)(broken)
    at = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert sweeper.run_once(at) == {"t.ok": 3, "t.broken": -1}
    assert seen == [at]
    # loop mode: a sweep whose interval has not passed since its last run is skipped
    assert sweeper.run_once(at, force=False) == {}
    assert sweeper.run_once(at, only=["t.ok"]) == {"t.ok": 3}


def test_command_once_and_list(monkeypatch, capsys):
    sweeper.sweeps()
    monkeypatch.setattr(sweeper, "_sweeps", {})
    sweeper.sweep("t.count", every=7)(lambda now: 2)
    call_command("sweeper", "--list")
    assert "t.count\t每 7 秒" in capsys.readouterr().out
    call_command("sweeper", "--once")
    assert "t.count: 2" in capsys.readouterr().out
