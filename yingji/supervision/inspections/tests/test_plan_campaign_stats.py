"""A campaign's figures, the statistics API, and the edit pages with child rows (the annual plan's:
inspection_plans/tests/test_plans.py)."""

import datetime
from decimal import Decimal

import pytest

from yingji.supervision.campaigns.testing import make_campaign
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.inspections.models import ChecklistTemplate
from yingji.supervision.inspections.testing import make_inspection

pytestmark = pytest.mark.django_db


def test_checklist_template_edit_page_saves_item_rows(world, client_for):
    client = client_for(world.users.admin)
    data = {"name": "城镇燃气企业检查表", "sector": "gas", "region": world.regions.county.pk,
            "rows-TOTAL_FORMS": 2, "rows-INITIAL_FORMS": 0, "rows-MIN_NUM_FORMS": 0, "rows-MAX_NUM_FORMS": 1000,
            "rows-0-position": 1, "rows-0-text": "燃气报警器是否正常", "rows-1-position": 2,
            "rows-1-text": "气瓶是否定期检验"}
    response = client.post("/checklisttemplates/add/", data)
    assert response.status_code == 302
    template = ChecklistTemplate.objects.get()
    assert list(template.items.values_list("text", flat=True)) == ["燃气报警器是否正常", "气瓶是否定期检验"]
    assert client_for(world.users.inspector).get("/checklisttemplates/add/").status_code == 403


def test_campaign_reports_its_own_figures(world, client_for):
    from yingji.supervision.hazards.models import Hazard

    e1 = make_enterprise(world, world.regions.township_a)
    e2 = make_enterprise(world, world.regions.township_b)
    e3 = make_enterprise(world, world.regions.township_b)
    campaign = make_campaign(world, world.regions.county, enterprises=[e1, e2, e3])
    day = campaign.start_date + datetime.timedelta(days=1)
    first = make_inspection(world, world.regions.township_a, enterprise=e1, campaign=campaign, inspected_on=day)
    make_inspection(world, world.regions.township_a, enterprise=e1, campaign=campaign, inspected_on=day)
    make_inspection(world, world.regions.township_b, enterprise=e2, campaign=campaign, inspected_on=day,
                    kind="supervision", inspectors=[world.users.inspector])
    make_inspection(world, world.regions.township_b, enterprise=e3, inspected_on=day)  # not in the campaign
    hazard = Hazard.objects.create(enterprise=e1, region=e1.region, description="消防通道堵塞",
                                   category="site", source="department", found_on=day)
    first.hazards.add(hazard)
    from yingji.supervision.campaigns.services import campaign_figures

    figures = campaign_figures(campaign, world.users.leader)
    assert figures["enterprises_covered"] == 3 and figures["inspections"] == 3
    assert figures["enterprises_inspected"] == 2
    assert figures["covered_inspected"] == 2 and figures["coverage_rate"] == Decimal("66.7")
    assert figures["hazards_found"] == 1  # found in one of the campaign's inspections
    assert figures["inspections_by_kind"] == {"执法检查": 2, "督导检查": 1}
    page = client_for(world.users.leader).get(campaign.get_absolute_url()).content.decode()
    assert "campaign-figures" in page and "66.7%" in page
    # an inspection outside the campaign's period is refused
    response = client_for(world.users.inspector).post("/inspections/add/", {
        "enterprise": e1.pk, "inspected_on": (campaign.start_date - datetime.timedelta(days=1)).isoformat(),
        "kind": "supervision", "inspectors": [world.users.inspector.pk], "campaign": campaign.pk})
    assert response.status_code == 400 and "不在专项行动期间" in response.content.decode()


def test_campaign_form_adds_the_sector_enterprises(world, client_for):
    make_enterprise(world, world.regions.township_a, sector="gas")
    make_enterprise(world, world.regions.township_b, sector="gas")
    make_enterprise(world, world.regions.township_b, sector="fireworks")
    response = client_for(world.users.inspector).post("/campaigns/add/", {
        "name": "城镇燃气安全专项整治2026行动", "region": world.regions.county.pk, "start_date": "2026-01-01",
        "end_date": "2026-03-31", "sectors": ["gas"], "add_sector_enterprises": "on",
        # the free list of places the campaign covers beside the enterprise register
        "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-0-name": "城关农贸市场燃气摊位",
        "rows-0-address": "城关镇人民路12号", "rows-0-inspected_on": "2026-02-03"})
    assert response.status_code == 302
    from yingji.supervision.campaigns.models import Campaign

    campaign = Campaign.objects.get()
    assert campaign.sectors == ["gas"] and campaign.enterprises.count() == 2
    assert list(campaign.places.values_list("name", "inspected_on")) == [("城关农贸市场燃气摊位",
                                                                         datetime.date(2026, 2, 3))]


def test_statistics_api(world, api_for):
    e1 = make_enterprise(world, world.regions.township_a, sector="gas")
    e2 = make_enterprise(world, world.regions.township_b)
    make_inspection(world, world.regions.township_a, enterprise=e1, inspected_on=datetime.date(2025, 2, 1))
    make_inspection(world, world.regions.township_a, enterprise=e1, inspected_on=datetime.date(2025, 3, 1))
    make_inspection(world, world.regions.township_b, enterprise=e2, inspected_on=datetime.date(2025, 3, 1),
                    kind="special")
    make_inspection(world, world.regions.township_b, enterprise=e2, inspected_on=datetime.date(2024, 3, 1))
    api = api_for(world.users.leader)
    body = api.get("/api/v1/inspection-stats/?start=2025-01-01&end=2025-12-31").json()
    assert body["inspections"] == 3 and body["places"] == 2
    assert body["last_year"] == {"date_from": "2024-01-01", "date_to": "2024-12-31", "inspections": 1, "places": 1}
    assert body["change_percent"]["inspections"] == 200.0
    rows = {r["id"]: r for r in body["results"]}
    assert rows["kind:enforcement"]["inspections"] == 2 and rows["kind:special"]["places"] == 1
    assert rows["sector:gas"]["inspections"] == 2 and rows["sector:hazchem_use"]["last_year_inspections"] == 1
    # the region by 12-digit code or by id, as on every statistics endpoint
    for region in (world.regions.township_a.code, world.regions.township_a.pk):
        body = api.get(f"/api/v1/inspection-stats/?start=2025-01-01&end=2025-12-31&region={region}").json()
        assert body["inspections"] == 2 and body["last_year"]["inspections"] == 0
    # the township officer counts only his township
    body = api_for(world.users.township_b).get("/api/v1/inspection-stats/?start=2025-01-01&end=2025-12-31").json()
    assert body["inspections"] == 1
    for bad, field in (("start=2025-13-01", "start"), ("start=yesterday", "start"),
                       ("start=2025-05-01&end=2025-01-01", "end"), ("start=2015-01-01&end=2025-12-31", "end")):
        response = api.get(f"/api/v1/inspection-stats/?{bad}")
        assert response.status_code == 400 and response.json()["code"] == "invalid", bad
        assert list(response.json()["errors"]) == [field], bad
    campaign = make_campaign(world, world.regions.county, enterprises=[e2])
    make_inspection(world, world.regions.township_b, enterprise=e2, inspected_on=datetime.date(2025, 4, 1),
                    campaign=campaign)
    body = api.get(f"/api/v1/inspection-stats/?start=2025-01-01&end=2025-12-31&campaign={campaign.pk}").json()
    assert body["inspections"] == 1 and body["campaign"] == campaign.pk
    # the names this endpoint took before: refused, naming the new ones
    response = api.get("/api/v1/inspection-stats/?date_from=2025-01-01&date_to=2025-12-31")
    assert response.status_code == 400 and response.json()["errors"] == {
        "date_from": ["参数 date_from 已停用，请改用 start"], "date_to": ["参数 date_to 已停用，请改用 end"]}
    # a region or campaign that does not exist or lies outside the user's scope: 404, as everywhere
    for params in ("region=999999999999", f"region={world.regions.other_county.code}", "region=abc",
                   "campaign=999999", "campaign=abc"):
        response = api.get(f"/api/v1/inspection-stats/?{params}")
        assert response.status_code == 404 and response.json()["code"] == "not_found", params
    assert api_for(world.users.nobody).get("/api/v1/inspection-stats/").status_code == 403


def test_statistics_page_links_each_figure_to_its_records(world, client_for):
    e1 = make_enterprise(world, world.regions.township_a, sector="gas")
    make_inspection(world, world.regions.township_a, enterprise=e1, inspected_on=datetime.date(2025, 2, 1))
    make_inspection(world, world.regions.township_a, enterprise=e1, inspected_on=datetime.date(2024, 2, 1))
    client = client_for(world.users.leader)
    page = client.get("/inspections/stats/?start=2025-01-01&end=2025-12-31"
                      f"&region={world.regions.township_a.code}").content.decode()
    assert "stats-totals" in page and "同比 0.0%" in page
    link = (f"/inspections/?date_from=2025-01-01&amp;date_to=2025-12-31&amp;region={world.regions.township_a.code}"
            "&amp;sector=gas")
    assert link in page
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert e1.name in listed and "2025-02-01" in listed and "2024-02-01" not in listed
    # a county's figures link with the county's code too (the list's region filter: the region and under it)
    page = client.get(f"/inspections/stats/?start=2025-01-01&end=2025-12-31&region={world.regions.county.pk}")
    assert f"region={world.regions.county.code}" in page.content.decode()
    response = client.get("/inspections/stats/?start=2025-02-30")
    assert response.status_code == 400 and "YYYY-MM-DD" in response.content.decode()
    # the names the page took before: 400 naming the new ones, as the API
    response = client.get("/inspections/stats/?date_from=2025-01-01&date_to=2025-12-31")
    assert response.status_code == 400 and "参数 date_from 已停用，请改用 start" in response.content.decode()
    assert client.get("/inspections/stats/?campaign=999999").status_code == 404
    assert client_for(world.users.nobody).get("/inspections/stats/").status_code == 403
