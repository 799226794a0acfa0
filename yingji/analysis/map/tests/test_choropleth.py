"""The choropleth by 乡镇（街道）: values from the registered measures, through restrict(); the dashboard and the
annual report include it."""

import datetime
from decimal import Decimal

import pytest

from yingji.analysis.map import demo
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(world):
    r = world.regions
    demo.save_boundaries(demo.county_boundaries(r.county, [r.township_a, r.township_b]), source="test")
    today = datetime.date.today()
    e = world.sample(Enterprise, r.village_a, risk_grade="A", longitude=Decimal("121.1"), latitude=Decimal("28.7"))
    for _ in range(3):
        world.sample(Hazard, r.township_a, enterprise=e, found_on=today, deadline=today - datetime.timedelta(days=1))
    world.sample(Hazard, r.township_b, found_on=today)
    return world


def _values(response):
    assert response.status_code == 200, response.content
    return {row["name"]: row["value"] for row in response.json()["rows"]}


def test_values_by_township_in_the_users_scope(county, client_for, django_assert_max_num_queries):
    c = client_for(county.users.admin)
    data = c.get("/analysis/map/choropleth/hazards_found/").json()
    assert {r["name"]: r["value"] for r in data["rows"]} == {"青石镇": 3, "白水镇": 1}
    assert len(data["features"]) == 2 and data["max"] == 3 and data["unit"] == "项"
    assert {f["properties"]["name"]: f["properties"]["value"] for f in data["features"]} == {"青石镇": 3, "白水镇": 1}
    assert _values(c.get("/analysis/map/choropleth/hazards_overdue/")) == {"青石镇": 3, "白水镇": 0}
    assert _values(c.get("/analysis/map/choropleth/enterprises_ab/")) == {"青石镇": 1, "白水镇": 0}
    assert _values(client_for(county.users.township_b).get("/analysis/map/choropleth/hazards_found/")) == {"白水镇": 1}
    with django_assert_max_num_queries(12):
        c.get("/analysis/map/choropleth/hazards_found/")


def test_the_period_applies_and_bad_dates_answer_in_chinese(county, client_for):
    c = client_for(county.users.admin)
    assert _values(c.get("/analysis/map/choropleth/hazards_found/", {"start": "2020-01-01", "end": "2020-12-31"})) \
        == {"青石镇": 0, "白水镇": 0}
    r = c.get("/analysis/map/choropleth/hazards_found/", {"start": "2020-13-01"})
    assert r.status_code == 400 and "日期格式应为" in r.json()["message"]
    r = c.get("/analysis/map/choropleth/hazards_found/", {"start": "2021-01-01", "end": "2020-01-01"})
    assert r.status_code == 400 and "结束日期不能早于开始日期" in r.json()["message"]
    assert c.get("/analysis/map/choropleth/nothing/").status_code == 404
    assert client_for(county.users.nobody).get("/analysis/map/choropleth/hazards_found/").status_code == 403


def test_the_dashboard_and_the_annual_report_include_it(county, client_for):
    c = client_for(county.users.leader)
    page = c.get("/analysis/supervision/").content.decode()
    assert 'class="yj-choropleth-box' in page and "/analysis/map/choropleth/hazards_found/" in page
    year = datetime.date.today().year
    report = c.get("/reports/annual/", {"year": year, "region": county.regions.county.code})
    assert report.status_code == 200 and b"yj-report" in report.content
    assert b"yj-choropleth-box" in report.content
