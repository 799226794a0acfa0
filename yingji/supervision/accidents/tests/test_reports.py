"""Reporting deadlines from the rules, 迟报 flags, snapshots of what was reported, and 补报 when figures change."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.supervision.accidents.choices import ReportKind, ReportLevel, Sector
from yingji.supervision.accidents.models import Accident, AccidentReport, ReportingRule
from yingji.supervision.accidents.services import duties, level_deadlines

H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)
D = datetime.timedelta(days=1)


def _accident(world, **kw):
    kw.setdefault("occurred_at", timezone.now() - 40 * D)
    return world.sample(Accident, **kw)


def _report(world, accident, **kw):
    report = AccidentReport(accident=accident, **kw)
    report.full_clean()
    report.save()
    return report


def test_unit_report_to_the_county_within_one_hour(world):
    a = _accident(world)
    on_time = _report(world, a, kind=ReportKind.FIRST, to_level=ReportLevel.COUNTY, reported_at=a.occurred_at + 60 * M)
    assert on_time.deadline == a.occurred_at + H and not on_time.is_late
    b = _accident(world)
    late = _report(world, b, kind=ReportKind.FIRST, to_level=ReportLevel.COUNTY, reported_at=b.occurred_at + 61 * M)
    assert late.is_late
    assert "第九条" in late.deadline_basis


def test_each_level_up_has_two_hours_from_receiving_it(world):
    a = _accident(world)
    _report(world, a, kind=ReportKind.FIRST, to_level=ReportLevel.COUNTY, reported_at=a.occurred_at + 30 * M)
    city = _report(world, a, kind=ReportKind.FIRST, to_level=ReportLevel.CITY,
                   reported_at=a.occurred_at + 2 * H + 31 * M)
    assert city.deadline == a.occurred_at + 2 * H + 30 * M
    assert city.is_late


def test_the_levels_required_follow_the_grade(world):
    ordinary = _accident(world, deaths=1)
    assert [lvl for lvl, _d, _r in level_deadlines(ordinary)] == [ReportLevel.COUNTY, ReportLevel.CITY]
    larger = _accident(world, deaths=3)
    assert [lvl for lvl, _d, _r in level_deadlines(larger)][-1] == ReportLevel.PROVINCE
    major = _accident(world, deaths=10)
    chain = level_deadlines(major)
    assert chain[-1][0] == ReportLevel.MINISTRY and chain[-1][1] == major.occurred_at + 7 * H
    # a report above the required level has no deadline
    extra = _report(world, ordinary, kind=ReportKind.FIRST, to_level=ReportLevel.PROVINCE,
                    reported_at=ordinary.occurred_at + 10 * H)
    assert extra.deadline is None and not extra.is_late


def test_supplement_window_is_30_days_and_7_for_road_traffic_and_fire(world):
    factory = _accident(world, sector=Sector.MACHINERY)
    _report(world, factory, kind=ReportKind.FIRST, reported_at=factory.occurred_at + 30 * M)
    ok = _report(world, factory, kind=ReportKind.SUPPLEMENT, reported_at=factory.occurred_at + 8 * D)
    assert not ok.is_late and ok.deadline == factory.occurred_at + 30 * D
    late = _report(world, factory, kind=ReportKind.SUPPLEMENT, reported_at=factory.occurred_at + 31 * D)
    assert late.is_late
    road = _accident(world, sector=Sector.ROAD_TRANSPORT)
    _report(world, road, kind=ReportKind.FIRST, reported_at=road.occurred_at + 30 * M)
    road_late = _report(world, road, kind=ReportKind.SUPPLEMENT, reported_at=road.occurred_at + 8 * D)
    assert road_late.is_late and road_late.deadline == road.occurred_at + 7 * D
    assert "7日" in road_late.deadline_basis


def test_a_provinces_own_limit_is_configuration(world):
    # an illustrative provincial rule: the province's own limit wins over the national one for its accidents
    ReportingRule.objects.create(duty="unit_to_county", hours=2, region=world.regions.province,
                                 legal_basis="某省规定", sectors=[])
    a = _accident(world)
    r = _report(world, a, kind=ReportKind.FIRST, reported_at=a.occurred_at + 90 * M)
    assert r.deadline == a.occurred_at + 2 * H and not r.is_late and r.deadline_basis == "某省规定"


def test_follow_up_and_supplement_need_a_first_report(world):
    a = _accident(world)
    with pytest.raises(ValidationError) as e:
        _report(world, a, kind=ReportKind.SUPPLEMENT, reported_at=a.occurred_at + D)
    assert "尚无首报" in str(e.value)
    assert not AccidentReport.objects.filter(accident=a).exists()


def test_report_before_the_accident_or_in_the_future_is_refused(world):
    a = _accident(world)
    with pytest.raises(ValidationError) as e:
        _report(world, a, kind=ReportKind.FIRST, reported_at=a.occurred_at - M)
    assert "不能早于事故发生时间" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _report(world, a, kind=ReportKind.FIRST, reported_at=timezone.now() + D)
    assert "不能晚于当前时间" in str(e.value)


def test_unchanged_figures_need_no_supplement(world):
    a = _accident(world, direct_loss=Decimal("150000"), occurred_at=timezone.now() - 2 * D)
    _report(world, a, kind=ReportKind.FIRST, reported_at=a.occurred_at + 30 * M)
    a = Accident.objects.get(pk=a.pk)  # loaded back: 150000.00
    assert not a.reports.get().snapshot_differs
    assert any(d["state"] == "数字与最近一次报告一致" for d in duties(a))


def test_figures_changed_after_the_first_report_keep_their_history(world):
    a = _accident(world, deaths=1, occurred_at=timezone.now() - 2 * D)
    first = _report(world, a, kind=ReportKind.FIRST, reported_at=a.occurred_at + 30 * M)
    assert first.snapshot["deaths"] == 1
    a.deaths = 3
    a.save()
    first.refresh_from_db()
    assert first.snapshot["deaths"] == 1 and first.snapshot_differs
    states = {d["duty"]: d["state"] for d in duties(a)}
    assert any("须补报" in s for s in states.values())
    supplement = _report(world, a, kind=ReportKind.SUPPLEMENT, reported_at=timezone.now() - M)
    assert supplement.snapshot["deaths"] == 3 and supplement.snapshot["grade_display"] == "较大事故"
    assert not any("须补报" in d["state"] for d in duties(a))


def test_duties_flag_overdue_first_reports_and_investigation(world):
    a = _accident(world, occurred_at=timezone.now() - 70 * D)
    rows = {d["duty"]: d for d in duties(a)}
    assert rows["事故单位报告县级部门"]["state"] == "逾期未报"
    assert rows["事故调查报告"]["state"] == "逾期未提交"
    a.investigation_extended = True
    a.save()
    rows = {d["duty"]: d for d in duties(a)}
    assert rows["事故调查报告"]["state"] == "未到期"


def test_report_pages_and_api(world, client_for, api_for):
    a = _accident(world, direct_loss=Decimal("1000"))
    r = client_for(world.users.township_a).post("/supervision/accidentreports/add/", {
        "accident": a.pk, "kind": ReportKind.FIRST, "to_level": ReportLevel.COUNTY,
        "reported_at": (timezone.localtime(a.occurred_at) + 2 * H).strftime("%Y-%m-%dT%H:%M"), "reporter": "x"})
    assert r.status_code == 302
    report = AccidentReport.objects.get(accident=a)
    assert report.is_late and report.created_by == world.users.township_a
    page = client_for(world.users.admin).get(report.get_absolute_url())
    assert page.status_code == 200 and "报告时的事故数据" in page.content.decode()
    listing = api_for(world.users.admin).get("/api/v1/accident-reports/?is_late=true")
    assert [row["id"] for row in listing.json()["results"]] == [report.pk]
    world.sample(Accident)
    accidents = api_for(world.users.admin).get("/api/v1/accidents/?late=true")
    assert [row["id"] for row in accidents.json()["results"]] == [a.pk]
    bad = api_for(world.users.admin).post("/api/v1/accident-reports/", {
        "accident": a.pk, "kind": ReportKind.FOLLOW_UP, "reported_at": (a.occurred_at - H).isoformat()},
        format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert AccidentReport.objects.filter(accident=a).count() == 1
