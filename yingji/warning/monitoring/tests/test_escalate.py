"""An alarm nobody confirms is released to the responsible people of its region with 叫应 (monitoring.escalate)."""

import datetime

import pytest
from django.utils import timezone

from yingji.platform.core import sweeper
from yingji.warning.monitoring.choices import AlarmLevel, AlarmState
from yingji.warning.monitoring.services import acknowledge_alarm
from yingji.warning.monitoring.testing import make_alarm
from yingji.warning.release.models import Release
from yingji.warning.release.testing import make_recipient

pytestmark = pytest.mark.django_db


def test_an_unconfirmed_alarm_is_released_once_with_call_and_response_a_confirmed_one_never(world):
    now = timezone.now()
    make_recipient(world, world.regions.village_a)
    red = make_alarm(world, world.regions.village_a, level=AlarmLevel.RED, triggered_at=now - datetime.timedelta(
        minutes=6))
    early = make_alarm(world, world.regions.village_a, level=AlarmLevel.YELLOW,
                       triggered_at=now - datetime.timedelta(minutes=10))  # yellow waits 30 minutes
    confirmed = make_alarm(world, world.regions.village_a, level=AlarmLevel.RED,
                           triggered_at=now - datetime.timedelta(minutes=20))
    acknowledge_alarm(confirmed, actor=world.users.duty, note="已电话核实")
    blue = make_alarm(world, world.regions.village_a, level=AlarmLevel.BLUE,
                      triggered_at=now - datetime.timedelta(days=1))  # blue is never escalated

    assert sweeper.run_once(now, only=["monitoring.escalate"]) == {"monitoring.escalate": 1}
    release = Release.objects.get()
    red.refresh_from_db()
    assert red.escalation == release and red.escalated_at == now and red.state == AlarmState.FIRING
    assert release.level == "red" and release.confirm_required and list(release.target_regions.all()) == [
        world.regions.village_a]
    assert "无人确认" in release.title and red.sensor.code in release.text and "请立即核实" in release.text
    assert release.source_id == red.pk  # the release names the alarm it came from
    for other in (early, confirmed, blue):
        other.refresh_from_db()
        assert other.escalated_at is None
    # a second sweep, and a second sweeper, escalate nothing again
    assert sweeper.run_once(now + datetime.timedelta(minutes=1), only=["monitoring.escalate"]) == {
        "monitoring.escalate": 0}
    assert Release.objects.count() == 1
    # the yellow one past its 30 minutes
    assert sweeper.run_once(now + datetime.timedelta(minutes=21), only=["monitoring.escalate"]) == {
        "monitoring.escalate": 1}
    early.refresh_from_db()
    assert early.escalation.level == "yellow"


def test_the_minutes_are_a_setting(world, settings):
    settings.YINGJI_ALARM_ESCALATE_MINUTES = {"1": 1}  # only blue, after one minute
    now = timezone.now()
    blue = make_alarm(world, world.regions.village_a, level=AlarmLevel.BLUE,
                      triggered_at=now - datetime.timedelta(minutes=2))
    red = make_alarm(world, world.regions.village_a, level=AlarmLevel.RED,
                     triggered_at=now - datetime.timedelta(hours=2))
    assert sweeper.run_once(now, only=["monitoring.escalate"]) == {"monitoring.escalate": 1}
    blue.refresh_from_db()
    red.refresh_from_db()
    assert blue.escalation is not None and red.escalation is None
