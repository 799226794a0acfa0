"""转为预警草稿: an alarm becomes a prefilled draft warning that only people publish (docs/monitoring.md)."""

import pytest

from yingji.platform.audit.models import ObjectChange
from yingji.warning.alerts.models import Warning
from yingji.warning.alerts.services import guidance_for
from yingji.warning.monitoring.choices import AlarmLevel, AlarmState, SensorKind
from yingji.warning.monitoring.models import Alarm
from yingji.warning.monitoring.testing import make_alarm, make_sensor

pytestmark = pytest.mark.django_db


def test_an_alarm_becomes_one_prefilled_draft_that_nobody_published(world, client_for):
    sensor = make_sensor(world, world.regions.village_a, kind=SensorKind.RAINFALL, unit="mm", code="YL-0001")
    alarm = make_alarm(world, world.regions.village_a, sensor=sensor, level=AlarmLevel.ORANGE, first_value=52.5,
                       peak_value=61.0, message="1小时降雨量 52.5 mm，达到橙色阈值 50 mm")
    duty = client_for(world.users.duty)
    page = duty.get(alarm.get_absolute_url())
    assert 'id="alarm-promote"' in page.text
    r = duty.post(f"/monitoring/alarms/{alarm.pk}/draft-warning/")
    w = Warning.objects.get()
    assert r.status_code == 302 and r["Location"] == w.get_absolute_url()
    assert (w.state, w.msg_type, w.event_type, w.level) == ("draft", "Alert", "rainstorm", "orange")
    assert w.region == world.users.duty.region and list(w.areas.all()) == [world.regions.village_a]
    assert "雨量监测点（YL-0001）" in w.description and "52.5" in w.description and "61" in w.description
    # no identity until 发布; CAP severity and the 防御指南 of 暴雨橙色 are filled in as for any draft
    assert w.identifier == "" and w.severity == "Severe" and w.instruction == guidance_for("rainstorm", "orange")
    assert w.instruction
    alarm.refresh_from_db()
    assert alarm.warning == w and alarm.state == AlarmState.FIRING  # the alarm's own lifecycle is untouched
    assert ObjectChange.objects.filter(object_id=str(w.pk), user=world.users.duty).exists()
    # its page links to the draft; a second promotion is refused in Chinese and makes nothing
    assert 'id="alarm-warning"' in duty.get(alarm.get_absolute_url()).text
    r = duty.post(f"/monitoring/alarms/{alarm.pk}/draft-warning/", follow=True)
    assert "该报警已转为预警草稿" in r.text and Warning.objects.count() == 1


def test_who_may_promote_and_what_cannot_be_promoted(world, client_for):
    alarm = make_alarm(world, world.regions.township_a)
    # outside the user's region: 404; without the right to draft warnings: 403; nothing is made
    assert client_for(world.users.township_b).post(f"/monitoring/alarms/{alarm.pk}/draft-warning/").status_code == 404
    assert client_for(world.users.auditor).post(f"/monitoring/alarms/{alarm.pk}/draft-warning/").status_code == 403
    assert not Warning.objects.exists()
    # a system alarm (no sensor) and a closed alarm have no draft
    system = Alarm.objects.create(region=world.regions.county, alarm_type="ingest_lag", level=AlarmLevel.ORANGE,
                                  message="入库落后", triggered_at=alarm.triggered_at)
    closed = make_alarm(world, world.regions.township_a, state=AlarmState.CLOSED)
    admin = client_for(world.users.admin)
    for a, text in ((system, "系统报警"), (closed, "已关闭的报警")):
        assert 'id="alarm-promote"' not in admin.get(a.get_absolute_url()).text
        r = admin.post(f"/monitoring/alarms/{a.pk}/draft-warning/", follow=True)
        assert text in r.text
    assert not Warning.objects.exists()
