"""A campaign's own results, computed from the records attributed to it; the statistics filtered by 专项行动 and by
来源 (the same rule everywhere: core.stats.narrow); who may attribute a record to which campaign."""

import datetime
from decimal import Decimal

import pytest

from yingji.supervision.campaigns.models import CampaignPlace
from yingji.supervision.campaigns.services import campaign_figures
from yingji.supervision.campaigns.testing import make_campaign
from yingji.supervision.enforcement.choices import CaseState, MeasureKind, PenaltyKind
from yingji.supervision.enforcement.testing import make_case, make_measure, make_penalty
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.hazards.choices import HazardLevel, HazardSource, HazardState
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.hazards.testing import make_hazard
from yingji.supervision.inspections.testing import make_inspection

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = {"start": "2026-01-01", "end": "2026-11-30"}


def _decided_case(world, enterprise, **kw):
    return make_case(world, enterprise.region, enterprise=enterprise, state=CaseState.DECIDED,
                     filed_on=D(2026, 4, 1), decided_on=D(2026, 4, 20), **kw)


def build(world):
    """A county campaign (1 March – 30 June 2026) covering e1 and e2 and two places (one inspected), with records
    attributed to it and records beside it that are not."""
    r = world.regions
    e1 = make_enterprise(world, r.township_a)
    e2 = make_enterprise(world, r.township_b)
    e3 = make_enterprise(world, r.township_b)
    campaign = make_campaign(world, r.county, start_date=D(2026, 3, 1), end_date=D(2026, 6, 30),
                             enterprises=[e1, e2])
    CampaignPlace.objects.create(campaign=campaign, name="城关农贸市场", inspected_on=D(2026, 3, 9))
    CampaignPlace.objects.create(campaign=campaign, name="南街出租屋")
    # inspections: two of e1 and one of e3 in the campaign; one of e2 beside it
    make_inspection(world, r.township_a, enterprise=e1, campaign=campaign, inspected_on=D(2026, 3, 10))
    make_inspection(world, r.township_a, enterprise=e1, campaign=campaign, inspected_on=D(2026, 4, 10),
                    kind="special")
    found_in = make_inspection(world, r.township_b, enterprise=e3, campaign=campaign, inspected_on=D(2026, 5, 6))
    make_inspection(world, r.township_b, enterprise=e2, inspected_on=D(2026, 5, 7))
    # hazards: two attributed (one closed, one major), one found in the campaign's inspection, one beside it
    make_hazard(world, r.township_a, enterprise=e1, campaign=campaign, found_on=D(2026, 3, 10),
                state=HazardState.CLOSED, source=HazardSource.BUREAU)
    make_hazard(world, r.township_b, enterprise=e2, campaign=campaign, found_on=D(2026, 4, 2),
                level=HazardLevel.MAJOR, major_basis="地方标准", source=HazardSource.GRID)
    found_in.hazards.add(make_hazard(world, r.township_b, enterprise=e3, found_on=D(2026, 5, 6),
                                     source=HazardSource.BUREAU))
    make_hazard(world, r.township_a, enterprise=e1, found_on=D(2026, 5, 1), source=HazardSource.GRID)
    # enforcement: a case of the campaign with a fine and a warning (the penalties take the case's campaign), a
    # case beside it with one fine attributed to the campaign and one not
    c1 = _decided_case(world, e1, campaign=campaign)
    make_penalty(world, r.township_a, case=c1, amount="30000")
    make_penalty(world, r.township_a, case=c1, kind=PenaltyKind.WARNING)
    c2 = _decided_case(world, e2)
    make_penalty(world, r.township_b, case=c2, amount="12500", campaign=campaign)
    make_penalty(world, r.township_b, case=c2, amount="8000")
    # 约谈 attributed, 曝光 through its case, a published 典型案例, and a 约谈 beside the campaign
    make_measure(world, r.township_a, enterprise=e1, date=D(2026, 4, 3), campaign=campaign)
    make_measure(world, r.township_a, enterprise=e1, date=D(2026, 4, 25), case=c1, kind=MeasureKind.EXPOSURE)
    make_measure(world, r.township_a, enterprise=e1, date=D(2026, 6, 1), campaign=campaign,
                 kind=MeasureKind.TYPICAL_PUBLISHED)
    make_measure(world, r.township_b, enterprise=e2, date=D(2026, 4, 3))
    return campaign, (e1, e2, e3)


def test_campaign_figures_are_computed_from_the_attributed_records(world, client_for):
    campaign, _ = build(world)
    f = campaign_figures(campaign, world.users.leader)
    assert (f["enterprises_covered"], f["places_covered"], f["places_inspected"]) == (2, 2, 1)
    assert (f["inspections"], f["enterprises_inspected"], f["covered_inspected"]) == (3, 2, 1)
    assert f["coverage_rate"] == Decimal("50.0")
    assert f["inspections_by_kind"] == {"执法检查": 2, "专项检查": 1}
    # two attributed hazards and the one recorded on the campaign's inspection
    assert (f["hazards_found"], f["hazards_rectified"]) == (3, 1)
    assert (f["major_hazards_found"], f["major_hazards_rectified"]) == (1, 0)
    assert f["rectification_rate"] == Decimal("33.3")
    assert {r["key"]: r["value"] for r in f["hazards_by_source"]} == {"bureau": 2, "grid": 1}
    assert f["cases"] == 1 and f["penalties"] == 3
    assert (f["fines"], f["fines_wan"], f["fines_wan_text"]) == ("42500.00", "4.25", "4.25")
    assert (f["interviews"], f["exposures"], f["typical_reported"], f["typical_published"]) == (1, 1, 0, 1)
    # a township officer sees the county campaign's results within his township only
    f_a = campaign_figures(campaign, world.users.township_a)
    assert (f_a["inspections"], f_a["hazards_found"], f_a["penalties"], f_a["fines"]) == (2, 1, 2, "30000.00")
    page = client_for(world.users.leader).get(campaign.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200 and "campaign-figures" in text and "4.25 万元" in text
    assert f"campaign={campaign.pk}" in text and "/enforcementcases/stats/?" in text


def test_statistics_filter_by_campaign_and_by_source(world, api_for):
    campaign, (e1, _e2, _e3) = build(world)
    api = api_for(world.users.leader)

    def headline(params):
        response = api.get("/api/v1/supervision-stats/", {**PERIOD, **params})
        assert response.status_code == 200, response.content
        return {f["id"]: f for f in response.json()["results"]}, response.json()

    everything, _ = headline({})
    assert everything["hazards.found"]["value"] == 4 and everything["inspections.count"]["value"] == 4
    by_campaign, data = headline({"campaign": campaign.pk})
    assert by_campaign["hazards.found"]["value"] == 3 and by_campaign["hazards.rectified"]["value"] == 1
    assert by_campaign["inspections.count"]["value"] == 3 and by_campaign["enforcement.penalties"]["value"] == 3
    assert by_campaign["enforcement.fines_total"]["value"] == "42500.00"
    assert by_campaign["enforcement.interviews"]["value"] == 1 and by_campaign["enforcement.exposures"]["value"] == 1
    assert data["enterprises"]["total"] == 2  # the enterprises the campaign covers
    assert f"campaign={campaign.pk}" in by_campaign["hazards.found"]["url"]
    # the link lists exactly the records counted
    listed = api.get("/api/v1/hazards/", {"campaign": campaign.pk, "found_after": "2026-01-01",
                                          "found_before": "2026-11-30"}).json()
    assert listed["count"] == 3
    by_source, data = headline({"source": "grid"})
    assert by_source["hazards.found"]["value"] == 2 and "source=grid" in by_source["hazards.found"]["url"]
    assert [g["key"] for g in data["hazards"]["groups"]] == ["all", "general", "major", "grid"]
    both, _ = headline({"campaign": campaign.pk, "source": "bureau"})
    assert both["hazards.found"]["value"] == 2
    # the inspections by 检查方式: 本局执法检查 are the enforcement, special and unannounced ones
    assert both["inspections.count"]["value"] == 3
    insp = api.get("/api/v1/inspection-stats/", {**PERIOD, "source": "self_inspection"}).json()
    assert insp["inspections"] == 0 and insp["source"] == "self_inspection"
    # enforcement statistics: a penalty counts under its own campaign (by default its case's)
    enf = api.get("/api/v1/enforcement-stats/", {**PERIOD, "campaign": campaign.pk}).json()
    rows = {r["id"]: r for r in enf["results"]}
    assert rows["cases_filed"]["value"] == 1 and rows["penalties"]["value"] == 3
    assert Decimal(str(rows["fines_total"]["value"])) == Decimal("42500")
    assert rows["typical_published"]["value"] == 1 and enf["campaign"] == campaign.pk
    # the HTML page reads the same parameters and offers them in its form
    # bad values: a source that does not exist is 400 in Chinese; a campaign outside the scope 404
    bad = api.get("/api/v1/supervision-stats/", {**PERIOD, "source": "tv"})
    assert bad.status_code == 400 and "来源" in bad.content.decode()
    other = make_campaign(world, world.regions.township_b)
    assert api_for(world.users.township_a).get("/api/v1/inspection-stats/",
                                               {"campaign": other.pk}).status_code == 404


def test_statistics_pages_offer_the_campaign_and_source(world, client_for):
    campaign, _ = build(world)
    client = client_for(world.users.leader)
    for url in ("/enforcementcases/stats/", "/inspections/stats/", "/analysis/supervision/"):
        page = client.get(url, {**PERIOD, "campaign": campaign.pk, "source": "bureau"})
        text = page.content.decode()
        assert page.status_code == 200, url
        assert 'name="campaign"' in text and 'name="source"' in text and "本局执法检查" in text, url


def test_the_campaign_picker_offers_the_campaigns_in_force_in_the_users_scope(world, client_for, api_for):
    r = world.regions
    county = make_campaign(world, r.county, name="县级专项")
    mine = make_campaign(world, r.township_a, name="青石镇专项")
    theirs = make_campaign(world, r.township_b, name="白水镇专项")
    make_campaign(world, r.county, name="去年专项", start_date=D(2025, 1, 1), end_date=D(2025, 3, 31))
    form = client_for(world.users.township_a).get("/hazards/add/").context["form"]
    assert set(form.fields["campaign"].queryset) == {county, mine}
    form = client_for(world.users.inspector).get("/hazards/add/").context["form"]
    assert set(form.fields["campaign"].queryset) == {county, mine, theirs}
    e_a = make_enterprise(world, r.township_a)
    e_b = make_enterprise(world, r.township_b)
    today = datetime.date.today().isoformat()
    body = {"enterprise": e_a.pk, "description": "消防通道堵塞", "category": "fire", "level": "general",
            "source": "department", "found_on": today}
    api = api_for(world.users.township_a)
    # another township's campaign is not offered to him at all
    response = api.post("/api/v1/hazards/", {**body, "campaign": theirs.pk}, format="json")
    assert response.status_code == 400 and Hazard.objects.count() == 0
    # a campaign whose period does not hold the day found: refused with the reason, nothing written
    response = api.post("/api/v1/hazards/", {**body, "campaign": county.pk, "found_on": "2026-01-05"}, format="json")
    assert response.status_code == 400 and "不在专项行动期间" in response.content.decode()
    assert Hazard.objects.count() == 0
    # a campaign of another region than the enterprise's: refused
    response = api_for(world.users.inspector).post("/api/v1/hazards/", {**body, "enterprise": e_b.pk,
                                                                        "campaign": mine.pk}, format="json")
    assert response.status_code == 400 and "不在专项行动“青石镇专项”的区划" in response.content.decode()
    response = api.post("/api/v1/hazards/", {**body, "campaign": county.pk}, format="json")
    assert response.status_code == 201 and Hazard.objects.get().campaign == county
    # the web form gives the same reason
    page = client_for(world.users.township_a).post("/hazards/add/", {**body, "campaign": county.pk,
                                                                     "found_on": "2026-01-05",
                                                                     "found_by": world.users.township_a.pk})
    assert page.status_code == 400 and "不在专项行动期间" in page.content.decode() and Hazard.objects.count() == 1


def test_a_penalty_takes_its_cases_campaign_or_its_own(world, api_for):
    from yingji.supervision.enforcement.testing import walk

    campaign = make_campaign(world, world.regions.county, start_date=D(2026, 3, 1), end_date=D(2026, 6, 30))
    case = make_case(world, world.regions.township_a, campaign=campaign)
    walk(case, world, "decide")
    assert [p.campaign_id for p in case.penalties.all()] == [campaign.pk]
    api = api_for(world.users.inspector)
    before = case.penalties.count()
    outside = make_campaign(world, world.regions.county, start_date=D(2026, 7, 1), end_date=D(2026, 9, 30))
    response = api.post(f"/api/v1/enforcement-cases/{case.pk}/penalties/",
                        {"kind": "warning", "campaign": outside.pk}, format="json")
    assert response.status_code == 400 and "不在专项行动期间" in response.content.decode()
    assert case.penalties.count() == before
