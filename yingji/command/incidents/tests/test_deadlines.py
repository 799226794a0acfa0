"""Reporting deadlines from the rule rows: national defaults, a province's override, reports on time and late,
续报 time points, 终报 at closing, and a graver grade adding its duties."""

import datetime

import pytest
from django.utils import timezone

from yingji.command.incidents.choices import Grade, ReportKind
from yingji.command.incidents.models import Incident
from yingji.command.incidents.services import close_incident, file_report, receive_incident, update_incident
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region


def _new(world, region, grade, received_at=None, **kw):
    received_at = received_at or timezone.now() - datetime.timedelta(minutes=5)
    incident = Incident(title="测试事件", category="accident", incident_type="accident.work_safety",
                        occurred_at=received_at - datetime.timedelta(minutes=10), received_at=received_at,
                        place="某地", region=region, grade=grade, source="phone", reporter_name="张三", **kw)
    return receive_incident(incident, actor=world.users.duty)


@pytest.fixture
def henan_county(db):
    henan = Region.objects.get(code="410000000000")  # created by the seed migration
    city = Region.objects.create(code="411000000000", name="许昌市", level=Level.CITY, parent=henan)
    return Region.objects.create(code="411099000000", name="测试县", level=Level.COUNTY, parent=city)


def _limits(incident):
    return {(d.kind, d.channel, d.recipient_level): d.due_at - incident.received_at
            for d in incident.deadlines.filter(kind=ReportKind.FIRST)}


def test_national_rule_is_written_within_two_hours_one_level_up(world):
    larger = _new(world, world.regions.township_a, Grade.LARGER)
    assert _limits(larger) == {("first", "written", "province"): datetime.timedelta(hours=2)}
    ordinary = _new(world, world.regions.township_a, Grade.ORDINARY)
    assert _limits(ordinary) == {("first", "written", "city"): datetime.timedelta(hours=2)}
    assert "第493号" in ordinary.deadlines.get().basis


def test_henan_overrides_the_national_rule(world, henan_county):
    major = _new(world, henan_county, Grade.MAJOR)
    assert _limits(major) == {("first", "phone", "province"): datetime.timedelta(minutes=15),
                              ("first", "written", "province"): datetime.timedelta(minutes=35)}
    assert _limits(_new(world, henan_county, Grade.LARGER)) == {
        ("first", "written", "province"): datetime.timedelta(hours=1)}
    assert _limits(_new(world, henan_county, Grade.ORDINARY)) == {
        ("first", "written", "province"): datetime.timedelta(hours=6)}


def test_follow_ups_fall_before_eight_and_seventeen(world, henan_county):
    received = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))
    incident = _new(world, henan_county, Grade.LARGER, received_at=received)
    from yingji.command.incidents.services import schedule_follow_ups

    schedule_follow_ups(incident, received + datetime.timedelta(days=1, hours=1))
    dues = [timezone.localtime(d.due_at).strftime("%d %H:%M")
            for d in incident.deadlines.filter(kind=ReportKind.FOLLOW_UP).order_by("sequence")]
    assert dues == ["02 17:00", "03 08:00", "03 17:00"]


def test_reports_fulfil_duties_and_late_ones_are_flagged(world):
    received = timezone.now() - datetime.timedelta(hours=5)
    incident = _new(world, world.regions.township_a, Grade.ORDINARY, received_at=received)
    report = file_report(incident, actor=world.users.duty, kind="first", channel="written",
                         recipient_level="city", reported_at=received + datetime.timedelta(hours=3))
    assert report.late and report.late_minutes == 60
    duty = incident.deadlines.get(kind="first")
    assert duty.done_at and duty.late and duty.report == report
    assert incident.timeline.filter(kind="report", text__contains="迟报60分钟").exists()
    on_time = _new(world, world.regions.township_a, Grade.ORDINARY, received_at=received)
    report = file_report(on_time, actor=world.users.duty, kind="first", channel="written",
                         recipient_level="city", reported_at=received + datetime.timedelta(minutes=50))
    assert not report.late and not on_time.deadlines.get(kind="first").late


def test_a_graver_grade_adds_its_duties_counted_from_the_change(world):
    incident = _new(world, world.regions.township_a, Grade.ORDINARY)
    incident.grade, incident.deaths = Grade.LARGER, 3
    before = timezone.now()
    update_incident(incident, actor=world.users.duty)
    levels = set(incident.deadlines.values_list("recipient_level", flat=True))
    assert levels == {"city", "province"}
    added = incident.deadlines.get(recipient_level="province", kind="first")
    assert added.due_at >= before + datetime.timedelta(hours=2)
    assert incident.timeline.filter(kind="update", text__contains="一般调整为较大").exists()


def test_closing_needs_a_summary_cancels_follow_ups_and_adds_the_final_report(world):
    from django.core.exceptions import ValidationError

    incident = _new(world, world.regions.township_a, Grade.LARGER,
                    received_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError, match="处置总结"):
        close_incident(incident, actor=world.users.duty, summary=" ")
    close_incident(incident, actor=world.users.duty, summary="火已扑灭，无人员伤亡")
    incident.refresh_from_db()
    assert incident.status == "closed"
    assert not incident.deadlines.filter(kind="follow_up", cancelled=False, done_at__isnull=True,
                                         due_at__gt=incident.closed_at).exists()
    final = incident.deadlines.get(kind="final")
    assert final.due_at == incident.closed_at + datetime.timedelta(hours=24)
    assert incident.timeline.last().kind == "closed"
