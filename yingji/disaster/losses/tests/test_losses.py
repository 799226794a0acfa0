"""Loss reports: the breakdown must add up, 初报 → 续报 → 核报 in order, deadlines, the county roll-up, scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.disaster.losses.choices import DisasterType, LossReportKind
from yingji.disaster.losses.models import DisasterEvent, LossReport
from yingji.disaster.losses.services import county_rollup

H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)
INITIAL, FOLLOW_UP, VERIFIED = LossReportKind.INITIAL, LossReportKind.FOLLOW_UP, LossReportKind.VERIFIED


@pytest.fixture
def event(world):
    e = DisasterEvent.objects.create(name="6·18暴雨洪涝", disaster_type=DisasterType.FLOOD,
                                     started_at=timezone.now() - 10 * D, region=world.regions.county)
    e.townships.set([world.regions.township_a, world.regions.township_b])
    return e


def _report(event, township, kind, at, **kw):
    r = LossReport(event=event, region=township, kind=kind, reported_at=at, **kw)
    r.full_clean()
    r.save()
    return r


def test_the_loss_breakdown_must_add_up(world, event):
    with pytest.raises(ValidationError) as e:
        _report(event, world.regions.township_a, INITIAL, event.started_at + H, direct_loss=Decimal("100"),
                loss_agriculture=Decimal("60"), loss_housing=Decimal("30"))
    assert "各分项之和（90" in str(e.value) and "合计（100" in str(e.value)
    ok = _report(event, world.regions.township_a, INITIAL, event.started_at + H, direct_loss=Decimal("100.5"),
                 loss_agriculture=Decimal("60"), loss_housing=Decimal("30"), loss_infrastructure=Decimal("10.5"))
    assert ok.pk


def test_crops_and_houses_nest(world, event):
    with pytest.raises(ValidationError) as e:
        _report(event, world.regions.township_a, INITIAL, event.started_at + H, crop_affected_ha=Decimal("10"),
                crop_damaged_ha=Decimal("12"), collapsed_households=3, collapsed_rooms=2)
    assert "成灾面积不能大于受灾面积" in str(e.value) and "倒塌房屋户数不能多于间数" in str(e.value)


def test_verified_or_follow_up_before_the_initial_report_is_refused(world, event, api_for):
    with pytest.raises(ValidationError) as e:
        _report(event, world.regions.township_a, VERIFIED, event.started_at + 3 * D)
    assert "尚无初报，不能先报核报" in str(e.value)
    r = api_for(world.users.disaster).post("/api/v1/loss-reports/", {
        "event": event.pk, "region": world.regions.township_a.pk, "kind": VERIFIED,
        "reported_at": (event.started_at + 3 * D).isoformat()}, format="json")
    assert r.status_code == 400 and "尚无初报" in r.json()["message"]
    assert not LossReport.objects.exists()
    _report(event, world.regions.township_a, INITIAL, event.started_at + H)
    with pytest.raises(ValidationError) as e:
        _report(event, world.regions.township_a, INITIAL, event.started_at + 2 * H)
    assert "已有初报" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _report(event, world.regions.township_a, FOLLOW_UP, event.started_at + 30 * datetime.timedelta(minutes=1))
    assert "不能早于初报时间" in str(e.value)
    _report(event, world.regions.township_a, VERIFIED, event.started_at + 5 * D)
    with pytest.raises(ValidationError) as e:
        _report(event, world.regions.township_a, FOLLOW_UP, event.started_at + 6 * D)
    assert "已核报，不能再续报" in str(e.value)


def test_reports_in_the_future_or_before_the_event_are_refused(world, event):
    with pytest.raises(ValidationError) as e:
        _report(event, world.regions.township_a, INITIAL, timezone.now() + D)
    assert "不能晚于当前时间" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _report(event, world.regions.township_a, INITIAL, event.started_at - H)
    assert "不能早于灾害发生时间" in str(e.value)


def test_initial_within_two_hours_and_daily_follow_ups(world, event):
    on_time = _report(event, world.regions.township_a, INITIAL, event.started_at + 2 * H)
    assert on_time.deadline == event.started_at + 2 * H and not on_time.is_late
    late = _report(event, world.regions.township_b, INITIAL, event.started_at + 2 * H + datetime.timedelta(minutes=1))
    assert late.is_late and "2小时" in late.deadline_basis
    follow = _report(event, world.regions.township_a, FOLLOW_UP, event.started_at + 2 * H + 25 * H)
    assert follow.deadline == event.started_at + 26 * H and follow.is_late
    verified = _report(event, world.regions.township_a, VERIFIED, event.started_at + 4 * D)
    assert verified.deadline is None and not verified.is_late  # no national 核报 limit is configured


def test_drought_follow_ups_every_ten_days(world):
    drought = DisasterEvent.objects.create(name="夏秋连旱", disaster_type=DisasterType.DROUGHT,
                                           started_at=timezone.now() - 30 * D, region=world.regions.county)
    _report(drought, world.regions.township_a, INITIAL, drought.started_at + H)
    follow = _report(drought, world.regions.township_a, FOLLOW_UP, drought.started_at + 9 * D)
    assert not follow.is_late and follow.deadline == drought.started_at + H + 10 * D


def test_county_rollup_sums_each_townships_latest_report(world, event, api_for):
    a, b = world.regions.township_a, world.regions.township_b
    _report(event, a, INITIAL, event.started_at + H, affected_population=100, deaths=1, direct_loss=Decimal("50"),
            loss_agriculture=Decimal("50"))
    _report(event, a, FOLLOW_UP, event.started_at + 20 * H, affected_population=300, deaths=2,
            direct_loss=Decimal("80"), loss_agriculture=Decimal("60"), loss_housing=Decimal("20"))
    _report(event, b, INITIAL, event.started_at + H, affected_population=50, missing=8,
            crop_affected_ha=Decimal("12.5"))
    r = county_rollup(event, world.users.admin)
    assert r["totals"]["affected_population"] == 350 and r["totals"]["deaths"] == 2
    assert r["totals"]["direct_loss"] == "80.00" and r["totals"]["crop_affected_ha"] == "12.50"
    assert r["escalate"] is True and "须同时报告省级应急管理部门和应急管理部" in r["escalate_note"]
    assert [t["region_name"] for t in r["townships"]] == ["青石镇", "白水镇"] and not r["townships_without_report"]
    mine = api_for(world.users.township_a).get(f"/api/v1/disaster-events/{event.pk}/rollup/")
    assert mine.status_code == 200 and mine.json()["totals"]["affected_population"] == 300
    assert api_for(world.users.outsider).get(f"/api/v1/disaster-events/{event.pk}/rollup/").status_code == 404


def test_township_user_sees_the_countys_event_but_only_his_reports(world, event, client_for, api_for):
    _report(event, world.regions.township_a, INITIAL, event.started_at + H)
    other = _report(event, world.regions.township_b, INITIAL, event.started_at + H)
    client = client_for(world.users.township_a)
    assert client.get(event.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    ids = [row["region"] for row in api_for(world.users.township_a).get("/api/v1/loss-reports/").json()["results"]]
    assert ids == [world.regions.township_a.pk]
    assert client_for(world.users.outsider).get(event.get_absolute_url()).status_code == 404


def test_web_form_refuses_a_breakdown_that_does_not_add_up(world, event, client_for):
    at = (timezone.localtime(event.started_at) + H).strftime("%Y-%m-%dT%H:%M")
    data = {"event": event.pk, "region": world.regions.township_a.pk, "kind": INITIAL, "reported_at": at,
            "direct_loss": "10", "loss_agriculture": "3", "loss_housing": "0", "loss_infrastructure": "0",
            "loss_public_services": "0", "loss_other": "0"}
    for f in ("affected_population", "deaths", "missing", "relocated", "need_relief", "crop_affected_ha",
              "crop_damaged_ha", "crop_failed_ha", "collapsed_households", "collapsed_rooms", "severe_households",
              "severe_rooms", "minor_households", "minor_rooms"):
        data.setdefault(f, "0")
    client = client_for(world.users.disaster)
    r = client.post("/disaster/lossreports/add/", data)
    assert r.status_code == 400 and "与合计（10" in r.content.decode()
    assert not LossReport.objects.exists()
    r = client.post("/disaster/lossreports/add/", {**data, "loss_other": "7"})
    assert r.status_code == 302 and LossReport.objects.get().created_by == world.users.disaster
    page = client_for(world.users.admin).get(event.get_absolute_url())
    assert page.status_code == 200 and "灾情汇总" in page.content.decode()


def test_list_page_and_api_query_counts(world, event, client_for, api_for, django_assert_max_num_queries):
    client, api = client_for(world.users.admin), api_for(world.users.admin)

    def add(n):
        for _i in range(n):
            e = world.sample(DisasterEvent, world.regions.township_a)
            world.sample(LossReport, world.regions.township_a, event=e)

    add(2)
    client.get("/disaster/lossreports/")
    with django_assert_max_num_queries(14) as before:
        assert client.get("/disaster/lossreports/").status_code == 200
    add(8)
    for url in ("/disaster/lossreports/", "/disaster/disasterevents/"):
        with django_assert_max_num_queries(len(before.captured_queries)):
            assert client.get(url).status_code == 200
    for url in ("/api/v1/loss-reports/", "/api/v1/disaster-events/"):
        with django_assert_max_num_queries(8):
            assert api.get(url).json()["count"] >= 10


def test_demo_builds_five_years_of_events_with_consistent_reports(db):
    import random
    from types import SimpleNamespace

    from yingji.disaster.losses.demo import build_disasters
    from yingji.platform.accounts.demo import build_county

    ctx = SimpleNamespace(random=random.Random(20261123), scale=1, stdout=None)
    build_county(ctx)
    build_disasters(ctx)
    assert DisasterEvent.objects.count() >= 5
    for report in LossReport.objects.all()[:200]:
        report.full_clean(exclude=["reported_at"])  # the breakdown adds up, crops and houses nest
    assert LossReport.objects.filter(kind=VERIFIED).count() == LossReport.objects.filter(kind=INITIAL).count()
    total = DisasterEvent.objects.count()
    build_disasters(ctx)
    assert DisasterEvent.objects.count() == total


def test_the_rules_page_lists_the_limits_with_their_basis(world, client_for):
    r = client_for(world.users.disaster).get("/rules/lossreportingrules/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "应急〔2020〕19号" in html and "干旱" in html
    assert client_for(world.users.nobody).get("/rules/lossreportingrules/").status_code == 403


def test_home_widget_lists_townships_owing_a_report(world, client_for):
    e = DisasterEvent.objects.create(name="台风“测试”", disaster_type=DisasterType.TYPHOON,
                                     started_at=timezone.now() - 3 * D, region=world.regions.county)
    e.townships.set([world.regions.township_a, world.regions.township_b])
    _report(e, world.regions.township_b, INITIAL, e.started_at + H)
    html = client_for(world.users.disaster).get("/").content.decode()
    assert "灾情报送待办" in html and "青石镇" in html and "未初报" in html and "白水镇" not in html
    county = client_for(world.users.admin).get("/").content.decode()
    assert "未初报" in county and "续报逾期" in county  # 白水镇's 初报 is three days old
    _report(e, world.regions.township_a, INITIAL, timezone.now() - H)
    assert "未初报" not in client_for(world.users.disaster).get("/").content.decode()
