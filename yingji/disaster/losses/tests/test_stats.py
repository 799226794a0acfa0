"""Disaster statistics: the latest report per township and event, summed; 同比; the bureaus' sentence; scope."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from yingji.disaster.losses.choices import DisasterType, LossReportKind
from yingji.disaster.losses.models import DisasterEvent, LossReport
from yingji.disaster.losses.stats import disaster_stats, people_text

H = datetime.timedelta(hours=1)


def _at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 8))


def _event(world, when, kind=DisasterType.FLOOD, townships=()):
    e = DisasterEvent.objects.create(name=f"{when:%m·%d}灾害", disaster_type=kind, started_at=when,
                                     region=world.regions.county)
    e.townships.set(townships)
    return e


def _report(event, township, kind, at, **kw):
    r = LossReport(event=event, region=township, kind=kind, reported_at=at, **kw)
    r.full_clean()
    r.save()
    return r


@pytest.fixture
def data(world):
    a, b = world.regions.township_a, world.regions.township_b
    flood = _event(world, _at(2024, 6, 18), townships=[a, b])
    _report(flood, a, LossReportKind.INITIAL, flood.started_at + H, affected_population=100,
            direct_loss=Decimal("50"), loss_agriculture=Decimal("50"))
    _report(flood, a, LossReportKind.FOLLOW_UP, flood.started_at + 20 * H, affected_population=300, relocated=40,
            collapsed_households=1, collapsed_rooms=3, minor_households=2, minor_rooms=4,
            direct_loss=Decimal("80"), loss_agriculture=Decimal("60"), loss_housing=Decimal("20"))
    _report(flood, b, LossReportKind.INITIAL, flood.started_at + H, affected_population=50,
            crop_affected_ha=Decimal("12.5"), crop_damaged_ha=Decimal("3"), crop_failed_ha=Decimal("1"))
    last_year = _event(world, _at(2023, 7, 2), DisasterType.TYPHOON, townships=[b])
    _report(last_year, b, LossReportKind.INITIAL, last_year.started_at + H, affected_population=1000,
            direct_loss=Decimal("200"), loss_infrastructure=Decimal("200"))
    return world


def test_people_in_wan():
    assert people_text(71234) == "7.1万人" and people_text(980) == "980人"


def test_figures_and_the_bureaus_sentence(data):
    s = disaster_stats(data.users.admin, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31),
                       data.regions.county)
    f = {row["key"]: row for row in s["figures"]}
    assert f["events"]["value"] == 1 and f["events"]["phrase"] == "同比持平"
    assert f["townships"]["value"] == 2 and f["affected_population"]["value"] == 350
    assert f["direct_loss"]["value"] == "80.00" and f["direct_loss"]["phrase"] == "同比下降60%"
    assert f["damaged_rooms"]["value"] == 4 and f["collapsed_rooms"]["value"] == 3
    assert s["summary"] == (
        "2024年，安澜县共遭受自然灾害1起，2个乡镇（街道）不同程度受灾，受灾人口350人，无人员因灾死亡失踪，"
        "紧急转移安置40人，农作物受灾12.5公顷（其中绝收1公顷），民房倒损7间，其中倒塌3间、损坏4间，造成直接经济损失80万元，"
        "其中农业损失60万元，居民住房及家庭财产损失20万元；灾害起数同比持平，直接经济损失同比下降60%。")
    parts = {row["key"]: row for row in s["loss_breakdown"]}
    assert parts["loss_infrastructure"]["phrase"] == "同比下降100%"
    assert [t["key"] for t in s["by_type"]] == ["flood", "typhoon"]
    assert [e["name"] for e in s["results"]] == ["06·18灾害"]


def test_township_user_counts_only_his_township(data):
    s = disaster_stats(data.users.township_a, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31),
                       data.users.township_a.region)
    f = {row["key"]: row for row in s["figures"]}
    assert f["affected_population"]["value"] == 300 and f["events"]["value"] == 1
    assert f["events"]["previous"] == 0 and f["events"]["phrase"] == "同比增加1起"


def test_stats_api_and_page(data, api_for, client_for, django_assert_max_num_queries):
    api = api_for(data.users.admin)
    with django_assert_max_num_queries(14):
        r = api.get("/api/v1/disaster-stats/", {"start": "2024-01-01", "end": "2024-12-31"})
    assert r.status_code == 200 and "共遭受自然灾害1起" in r.json()["summary"]
    assert api.get("/api/v1/disaster-stats/", {"end": "2024-02-30"}).status_code == 400
    assert api.get("/api/v1/disaster-stats/", {"region": data.regions.other_county.code}).status_code == 404
    assert api_for(data.users.nobody).get("/api/v1/disaster-stats/").status_code == 403
    page = client_for(data.users.leader).get("/disaster/stats/", {"start": "2024-01-01", "end": "2024-12-31"})
    assert page.status_code == 200 and "民房倒损7间" in page.content.decode()


def test_event_links_count_the_same_events(data, client_for):
    for user, region in ((data.users.admin, data.regions.county), (data.users.township_a, data.regions.township_a)):
        s = disaster_stats(user, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), region)
        f = {row["key"]: row for row in s["figures"]}
        page = client_for(user).get(s["events_url"])
        assert page.context["table"].paginator.count == f["events"]["value"]
        previous = client_for(user).get(s["previous_events_url"])
        assert previous.context["table"].paginator.count == f["events"]["previous"]
