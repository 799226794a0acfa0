"""Statistics: the bureaus' 同比 phrasing, aggregates by sector and grade, scope, and the JSON API."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from yingji.platform.core.phrasing import yoy as yoy_phrase
from yingji.supervision.accidents.choices import Sector
from yingji.supervision.accidents.models import Accident
from yingji.supervision.accidents.stats import accident_stats, double_fall, percent_change


@pytest.mark.parametrize("current,previous,phrase", [
    (8, 15, "同比下降46.7%"),
    (7, 10, "同比下降30%"),
    (9, 18, "同比下降50%"),
    (12, 10, "同比上升20%"),
    (17, 16, "同比上升6.3%"),  # 6.25 → 6.3: half up, not to even
    (5, 5, "同比持平"),
    (0, 0, "同比持平"),
    (3, 0, "去年同期为0"),
    (0, 4, "同比下降100%"),
    (Decimal("4634.2"), Decimal("5000"), "同比下降7.3%"),
])
def test_year_on_year_wording(current, previous, phrase):
    assert yoy_phrase(current, previous) == phrase


def test_percent_change_is_rounded_to_one_decimal_half_up():
    assert percent_change(1, 3) == Decimal("-66.7")
    assert percent_change(17, 16) == Decimal("6.3")
    assert percent_change(5, 0) is None


def test_double_fall_only_when_both_fell():
    assert double_fall({"count": 5, "deaths": 4}, {"count": 6, "deaths": 5}) == "事故起数和死亡人数实现双下降"
    assert double_fall({"count": 5, "deaths": 5}, {"count": 6, "deaths": 5}) == ""
    assert double_fall({"count": 0, "deaths": 0}, {"count": 0, "deaths": 0}) == ""


def _at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


@pytest.fixture
def data(world):
    t_a, t_b = world.regions.township_a, world.regions.township_b
    make = world.sample
    # 2024: 3 accidents, 5 deaths, one 较大 (3 deaths)
    make(Accident, t_a, occurred_at=_at(2024, 3, 1), sector=Sector.ROAD_TRANSPORT, deaths=3, direct_loss=200000)
    make(Accident, t_a, occurred_at=_at(2024, 6, 1), sector=Sector.CONSTRUCTION, deaths=1, injuries=2,
         direct_loss=100000)
    make(Accident, t_b, occurred_at=_at(2024, 12, 31), sector=Sector.MACHINERY, deaths=1, direct_loss=50000)
    # 2023: 5 accidents, 6 deaths
    for month, sector in [(1, Sector.ROAD_TRANSPORT), (2, Sector.ROAD_TRANSPORT), (4, Sector.CONSTRUCTION),
                          (5, Sector.MACHINERY), (7, Sector.FIRE)]:
        make(Accident, t_b, occurred_at=_at(2023, month, 3), sector=sector, deaths=1, direct_loss=100000)
    make(Accident, t_b, occurred_at=_at(2023, 8, 3), sector=Sector.FIRE, deaths=1, direct_loss=100000)
    # a voided accident and one outside the period do not count
    voided = make(Accident, t_a, occurred_at=_at(2024, 5, 5), deaths=9)
    Accident.objects.filter(pk=voided.pk).update(voided_at=timezone.now())
    make(Accident, t_a, occurred_at=_at(2025, 1, 1), deaths=1)
    # the neighbouring county's accident is nobody's business here
    make(Accident, world.regions.other_township, occurred_at=_at(2024, 3, 1), deaths=1)
    return world


def test_figures_by_sector_and_grade_with_year_on_year(data):
    s = accident_stats(data.users.admin, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31),
                       data.regions.county)
    t = s["totals"]
    assert (t["count"], t["deaths"], t["previous_count"], t["previous_deaths"]) == (3, 5, 6, 6)
    assert t["count_phrase"] == "同比下降50%" and t["deaths_phrase"] == "同比下降16.7%"
    assert t["loss_wan"] == "35" and t["injuries"] == 2
    assert s["double_fall"] is True
    assert s["summary"].startswith("2024年，安澜县共发生各类生产安全事故3起，同比下降50%；死亡5人，同比下降16.7%")
    assert "其中较大及以上事故1起" in s["summary"] and "事故起数和死亡人数实现双下降" in s["summary"]
    sectors = {r["key"]: r for r in s["by_sector"]}
    assert sectors["road_transport"]["count"] == 1 and sectors["road_transport"]["previous_count"] == 2
    assert sectors["fire"]["count"] == 0 and sectors["fire"]["count_phrase"] == "同比减少2起"
    assert s["industrial_trade"]["count"] == 2 and s["industrial_trade"]["previous_count"] == 2
    assert s["industrial_trade"]["count_phrase"] == "同比持平"
    grades = {r["key"]: r for r in s["by_grade"]}
    assert grades[3]["count"] == 1 and grades[3]["count_phrase"] == "同比增加1起"
    assert s["larger_or_above"]["count"] == 1
    assert [a["deaths"] for a in s["results"]] == [3]
    assert s["by_month"][0] == {"month": "2024-01", "count": 0, "deaths": 0, "previous_count": 1,
                                "previous_deaths": 1}
    assert "occurred_after=2024-01-01" in t["url"] and f"region={data.regions.county.pk}" in t["url"]


def test_a_township_user_counts_only_his_township(data):
    s = accident_stats(data.users.township_a, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31),
                       data.users.township_a.region)
    assert s["totals"]["count"] == 2 and s["totals"]["previous_count"] == 0
    assert s["totals"]["count_phrase"] == "同比增加2起"


def test_each_figure_links_to_exactly_its_accidents(data, client_for):
    s = accident_stats(data.users.admin, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31),
                       data.regions.county)
    client = client_for(data.users.admin)
    for row in [s["totals"], s["larger_or_above"], s["industrial_trade"], *s["by_sector"], *s["by_grade"]]:
        page = client.get(row["url"])
        assert page.status_code == 200
        assert page.context["table"].paginator.count == row["count"], row["label"]
        previous = client.get(row["previous_url"])
        assert previous.context["table"].paginator.count == row["previous_count"], row["label"]


def test_stats_api(data, api_for, django_assert_max_num_queries):
    api = api_for(data.users.admin)
    with django_assert_max_num_queries(12):
        r = api.get("/api/v1/accident-stats/", {"start": "2024-01-01", "end": "2024-12-31",
                                               "region": data.regions.county.code})
    assert r.status_code == 200
    body = r.json()
    assert body["totals"]["count_phrase"] == "同比下降50%" and body["double_fall"] is True
    assert body["totals"]["loss"] == "350000.00"
    by_id = api.get("/api/v1/accident-stats/", {"start": "2024-01-01", "end": "2024-12-31",
                                                "region": data.regions.township_a.pk})
    assert by_id.json()["totals"]["count"] == 2


def test_stats_api_refuses_bad_dates_and_foreign_regions(data, api_for):
    api = api_for(data.users.admin)
    bad = api.get("/api/v1/accident-stats/", {"start": "2024-13-01"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid" and "start" in bad.json()["errors"]
    backwards = api.get("/api/v1/accident-stats/", {"start": "2024-05-01", "end": "2024-04-01"})
    assert backwards.status_code == 400 and "结束日期不能早于开始日期" in backwards.json()["message"]
    foreign = api.get("/api/v1/accident-stats/", {"region": data.regions.other_county.code})
    assert foreign.status_code == 404
    township = api_for(data.users.township_a).get("/api/v1/accident-stats/",
                                                 {"region": data.regions.township_b.pk})
    assert township.status_code == 404
    assert api_for(data.users.nobody).get("/api/v1/accident-stats/").status_code == 403


def test_stats_page(data, client_for):
    client = client_for(data.users.leader)
    r = client.get("/supervision/accidents/stats/", {"start": "2024-01-01", "end": "2024-12-31"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "同比下降50%" in html and 'id="accident-stats-data"' in html and "accident_stats.js" in html
    assert "<script>" not in html.replace('<script type="application/json"', "")
    assert client.get("/supervision/accidents/stats/", {"start": "x"}).status_code == 400
    assert client.get("/supervision/accidents/stats/",
                      {"region": data.regions.other_county.pk}).status_code == 404


def test_values_outside_the_choices_count_as_other_or_unknown(data, api_for, client_for):
    """A sector or grade no longer among the choices (only bad data gets there) is counted under 其他/未知, with the
    raw value kept, and the figures still add up; nothing raises."""
    make = data.sample
    removed = make(Accident, data.regions.township_a, occurred_at=_at(2024, 9, 1), sector=Sector.FIRE, deaths=2,
                   direct_loss=10000)
    odd = make(Accident, data.regions.township_b, occurred_at=_at(2023, 9, 1), sector=Sector.FIRE, deaths=1)
    Accident.objects.filter(pk=removed.pk).update(sector="gas_pipeline", grade=9)
    Accident.objects.filter(pk=odd.pk).update(sector="")
    s = accident_stats(data.users.admin, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31),
                       data.regions.county)
    assert s["totals"]["count"] == 4 and s["totals"]["previous_count"] == 7
    unknown = s["by_sector"][-1]
    assert unknown["key"] == "unknown" and unknown["label"] == "其他/未知"
    assert unknown["raw_values"] == ["", "gas_pipeline"]
    assert (unknown["count"], unknown["deaths"], unknown["previous_count"]) == (1, 2, 1)
    assert sum(r["count"] for r in s["by_sector"]) == 4 and sum(r["previous_count"] for r in s["by_sector"]) == 7
    grades = {r["key"]: r for r in s["by_grade"]}
    assert grades["unknown"]["raw_values"] == [9] and grades["unknown"]["count"] == 1
    assert sum(r["count"] for r in s["by_grade"]) == 4
    assert s["larger_or_above"]["count"] == 1 and [a["deaths"] for a in s["results"]] == [3]
    # the 其他/未知 figures link to exactly their accidents, like every other figure
    client = client_for(data.users.admin)
    for row in (unknown, grades["unknown"]):
        assert client.get(row["url"]).context["table"].paginator.count == row["count"]
        assert client.get(row["previous_url"]).context["table"].paginator.count == row["previous_count"]
    body = api_for(data.users.admin).get("/api/v1/accident-stats/", {"start": "2024-01-01", "end": "2024-12-31"})
    assert body.status_code == 200 and body.json()["by_sector"][-1]["raw_values"] == ["", "gas_pipeline"]
    page = client.get("/supervision/accidents/stats/", {"start": "2024-01-01", "end": "2024-12-31"})
    assert page.status_code == 200 and "其他/未知" in page.content.decode()


def test_saving_an_accident_whose_stored_grade_is_outside_the_choices(data):
    """Editing such an accident recomputes its grade and names the old value as stored in the audit message."""
    accident = data.sample(Accident, data.regions.township_a, occurred_at=_at(2024, 9, 1), sector=Sector.FIRE,
                           deaths=1)
    Accident.objects.filter(pk=accident.pk).update(grade=9)
    accident.refresh_from_db()
    accident.save()
    accident.refresh_from_db()
    from django.contrib.contenttypes.models import ContentType

    from yingji.platform.audit.models import ObjectChange

    change = ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(Accident),
                                         object_id=accident.pk).order_by("-pk").first()
    assert accident.grade != 9 and "事故等级由9调整为" in change.message
