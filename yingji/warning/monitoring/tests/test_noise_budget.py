"""The noise budget: the recorded storm (tests/fixtures/storm.json.gz, made by noise.make_fixture from the
simulator) through plain thresholds and through Yingji's rules: far fewer notifications, no real crossing missed."""

import pytest

from yingji.warning.monitoring import noise


@pytest.mark.django_db
def test_storm_replay_fewer_notifications_and_no_missed_crossing(world):
    budget = noise.run_replay(noise.load_fixture())
    assert budget.real >= 10  # the storm, the leak and the slope really cross thresholds
    assert budget.missed == []
    assert budget.yingji <= 0.3 * budget.plain, (budget.yingji, budget.plain)
    assert max(budget.latencies) <= 600
