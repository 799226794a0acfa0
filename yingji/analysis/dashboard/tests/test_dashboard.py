"""安全监管统计: figures against a hand-built data set, links to the records behind them, scope, bad input, and a
query count that does not grow with the records."""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from yingji.analysis.dashboard.stats import dashboard_stats
from yingji.supervision.enforcement.choices import MeasureKind, Step
from yingji.supervision.enforcement.testing import make_case, make_measure, walk
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.hazards.choices import HazardLevel, HazardSource, HazardState, SupervisionLevel
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.inspections.models import Inspection

D = datetime.date
pytestmark = pytest.mark.django_db
URL = "/analysis/supervision/"
API = "/api/v1/supervision-stats/"
PERIOD = {"start": "2026-01-01", "end": "2026-11-01"}


def hazard(enterprise, found_on, *, level=HazardLevel.GENERAL, source=HazardSource.DEPARTMENT,
           state=HazardState.PENDING, deadline=None, supervision=""):
    return Hazard.objects.create(
        enterprise=enterprise, description="隐患", category="electrical", level=level, source=source,
        found_on=found_on, state=state, deadline=deadline, supervision_level=supervision,
        supervising_unit="县安委办" if supervision else "", supervision_deadline=deadline if supervision else None,
        major_basis="判定依据" if level == HazardLevel.MAJOR else "",
        closed_at=timezone.now() if state == HazardState.CLOSED else None)


def inspection(enterprise, day):
    return Inspection.objects.create(enterprise=enterprise, inspected_on=day)


def build(world):
    r = world.regions
    a1 = make_enterprise(world, r.township_a, sector=Sector.HAZCHEM_USE)
    a2 = make_enterprise(world, r.village_a, sector=Sector.CONSTRUCTION)
    b1 = make_enterprise(world, r.township_b, sector=Sector.HAZCHEM_USE)
    foreign = make_enterprise(world, r.other_township)
    # this period: 5 hazards (3 一般, 2 重大; 2 企业自查, 3 部门检查), 2 closed, 2 listed (1 closed), 2 overdue
    hazard(a1, D(2026, 3, 1), state=HazardState.CLOSED)
    hazard(a1, D(2026, 3, 5), deadline=D(2026, 4, 1))
    hazard(a1, D(2026, 4, 10), level=HazardLevel.MAJOR, source=HazardSource.SELF_INSPECTION,
           state=HazardState.CLOSED, deadline=D(2026, 6, 1), supervision=SupervisionLevel.COUNTY)
    hazard(a2, D(2026, 5, 1), source=HazardSource.SELF_INSPECTION, state=HazardState.IN_PROGRESS,
           deadline=D(2099, 1, 1))
    hazard(b1, D(2026, 2, 1), level=HazardLevel.MAJOR, deadline=D(2026, 6, 1), supervision=SupervisionLevel.CITY)
    voided = hazard(a1, D(2026, 3, 1))
    Hazard.objects.filter(pk=voided.pk).update(voided_at=timezone.now())
    # last year: 2, both closed; another county: never counted
    hazard(a1, D(2025, 3, 1), state=HazardState.CLOSED)
    hazard(b1, D(2025, 4, 1), state=HazardState.CLOSED)
    hazard(foreign, D(2026, 3, 1))
    for e, day in ((a1, D(2026, 3, 1)), (a1, D(2026, 4, 1)), (b1, D(2026, 3, 10)), (a1, D(2025, 3, 1)),
                   (foreign, D(2026, 3, 1))):
        inspection(e, day)
    walk(make_case(world, r.township_a, enterprise=a1), world, Step.DECIDE, start=D(2026, 3, 2), fine="10000")
    make_measure(world, r.township_a, enterprise=a1, kind=MeasureKind.INTERVIEW, date=D(2026, 2, 2))
    make_measure(world, r.township_a, enterprise=a1, kind=MeasureKind.EXPOSURE, date=D(2026, 2, 3))
    make_measure(world, r.township_a, enterprise=a1, kind=MeasureKind.INTERVIEW, date=D(2025, 2, 2))
    return a1, a2, b1


def figures(data):
    return {f["id"]: f for f in data["results"]}


def test_figures_of_the_hand_built_set(world):
    build(world)
    data = dashboard_stats(world.users.leader, D(2026, 1, 1), D(2026, 11, 1))
    f = figures(data)
    assert f["enterprises.total"]["value"] == 3
    assert (f["inspections.count"]["value"], f["inspections.count"]["last_year"]) == (3, 1)
    assert f["inspections.count"]["phrase"] == "同比上升200%"
    assert f["inspections.places"]["value"] == 2
    assert (f["hazards.found"]["value"], f["hazards.found"]["last_year"]) == (5, 2)
    assert f["hazards.found"]["phrase"] == "同比上升150%"
    assert f["hazards.rectified"]["value"] == 2
    assert f["hazards.rate"]["value"] == Decimal("40.0") and f["hazards.rate"]["last_year"] == Decimal("100.0")
    assert f["hazards.rate"]["phrase"] == "同比下降60个百分点"
    assert f["hazards.major_found"]["value"] == 2
    assert (f["hazards.listed"]["value"], f["hazards.listed_closed"]["value"]) == (2, 1)
    assert f["hazards.overdue"]["value"] == 2
    groups = {g["key"]: g for g in data["hazards"]["groups"]}
    assert (groups["general"]["found"]["value"], groups["general"]["rectified"]["value"]) == (3, 1)
    assert groups["general"]["rate"] == "33.3" and groups["major"]["rate"] == "50.0"
    assert (groups["self_inspection"]["found"]["value"], groups["self_inspection"]["rectified"]["value"]) == (2, 1)
    assert (groups["department"]["found"]["value"], groups["department"]["rectified"]["value"]) == (3, 1)
    assert {r["key"]: r["value"] for r in data["hazards"]["listed_by_level"]} == {"county": 1, "city": 1,
                                                                                   "province": 0}
    assert {r["key"]: r["value"] for r in data["hazards"]["by_sector"]} == {"hazchem_use": 4, "construction": 1}
    assert (f["enforcement.cases_filed"]["value"], f["enforcement.penalties"]["value"]) == (1, 1)
    assert f["enforcement.fines_total"]["value"] == "10000.00"
    assert (f["enforcement.interviews"]["value"], f["enforcement.interviews"]["last_year"]) == (1, 1)
    assert f["enforcement.interviews"]["phrase"] == "同比持平"
    assert f["enforcement.exposures"]["phrase"] == "去年同期为0"
    assert (f["enforcement.suspensions"]["value"], f["enforcement.closures"]["value"]) == (0, 0)
    assert [r["value"] for r in data["enforcement"]["cases_by_department"]] == [1]
    months = {m["month"]: m for m in data["by_month"]}
    assert len(months) == 11 and months["2026-03"]["hazards"] == 2 and months["2026-03"]["last_year_hazards"] == 1
    assert months["2026-03"]["inspections"] == 2 and months["2026-03"]["last_year_inspections"] == 1
    towns = {t["id"]: t for t in data["by_township"]}
    ta, tb = towns[world.regions.township_a.pk], towns[world.regions.township_b.pk]
    assert (ta["enterprises"], ta["inspections"], ta["hazards"], ta["rectified"]) == (2, 2, 4, 2)
    assert (tb["enterprises"], tb["inspections"], tb["hazards"], tb["rectified"]) == (1, 1, 1, 0)
    assert ta["rate"] == Decimal("50.0") and tb["rate"] == Decimal("0.0")


def _count_behind(user, url, distinct=None):
    """How many records the list page at `url` shows `user`: its own filterset over restrict(user)."""
    parts = urlsplit(url)
    view_class = resolve(parts.path).func.view_class
    request = RequestFactory().get(url)
    request.user = user
    view = view_class()
    view.setup(request)
    fs = view.filterset_class(QueryDict(parts.query), queryset=view.get_queryset(), request=request)
    assert fs.is_valid(), (url, fs.errors)
    return fs.qs.values(distinct).distinct().count() if distinct else fs.qs.count()


def test_every_linked_figure_equals_the_list_behind_it(world):
    build(world)
    leader = world.users.leader
    for region in (None, world.regions.township_a):
        data = dashboard_stats(leader, D(2026, 1, 1), D(2026, 11, 1), region)
        assert all(f["url"] for f in data["results"])
        # the rate links to the hazards found (test_links.py checks it against the rectified among them)
        # (and the fines' sum is compared there too)
        linked = [f for f in data["results"] if f["id"] not in ("hazards.rate", "enforcement.fines_total")]
        linked += [g[k] for g in data["hazards"]["groups"] for k in ("found", "rectified")]
        assert len(linked) >= 20
        for f in linked:
            # places inspected: the distinct enterprises of the inspections listed
            distinct = "enterprise" if f["id"] == "inspections.places" else None
            assert _count_behind(leader, f["url"], distinct) == f["value"], (f["id"], f["url"])
            if f["previous_url"]:
                assert _count_behind(leader, f["previous_url"], distinct) == f["last_year"], (f["id"],
                                                                                             f["previous_url"])
        rows = (data["hazards"]["by_sector"] + data["hazards"]["listed_by_level"] + data["enterprises"]["by_sector"]
                + data["enterprises"]["by_department"])
        for row in rows:
            assert _count_behind(leader, row["url"]) == row["value"], row
        for row in data["inspections"]["by_sector"] + data["inspections"]["by_kind"]:
            assert _count_behind(leader, row["url"]) == row["inspections"], row
        for t in data["by_township"]:
            assert _count_behind(leader, t["hazards_url"]) == t["hazards"]
            assert _count_behind(leader, t["inspections_url"]) == t["inspections"]
            assert _count_behind(leader, t["enterprises_url"]) == t["enterprises"]
    # a township's figures link with the township's code (the lists' region filter), cases and measures too
    code = world.regions.township_a.code
    for key in ("enforcement.cases_filed", "enforcement.interviews", "enforcement.penalties", "hazards.listed"):
        assert f"region={code}" in figures(data)[key]["url"], key


def test_page_shows_figures_links_and_chart_data(world, client_for):
    build(world)
    response = client_for(world.users.leader).get(URL, PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-data"' in html and "dashboard/dashboard.js" in html and "<script>" not in html
    assert "同比上升150%" in html and reverse("hazards:hazard_list") + "?found_after=2026-01-01" in html.replace(
        "&amp;", "&")


def test_township_user_sees_his_township_only(world, api_for):
    build(world)
    data = api_for(world.users.township_a).get(API, PERIOD).json()
    f = figures(data)
    assert f["enterprises.total"]["value"] == 2 and f["hazards.found"]["value"] == 4
    assert f["inspections.count"]["value"] == 2 and f["hazards.overdue"]["value"] == 1
    assert [t["id"] for t in data["by_township"]] == [world.regions.township_a.pk]
    response = api_for(world.users.township_a).get(API, {**PERIOD, "region": world.regions.township_b.code})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_outsider_sees_nothing_of_this_county(world, api_for, client_for):
    build(world)
    data = api_for(world.users.outsider).get(API, PERIOD)
    if data.status_code == 403:
        return
    f = figures(data.json())
    assert f["hazards.found"]["value"] == 1 and f["enterprises.total"]["value"] == 1
    assert f["inspections.count"]["value"] == 1
    assert api_for(world.users.outsider).get(API, {**PERIOD, "region": world.regions.county.code}).status_code == 404


def test_without_permission_403(world, api_for, client_for):
    assert api_for(world.users.nobody).get(API).status_code == 403
    assert client_for(world.users.nobody).get(URL).status_code == 403


@pytest.mark.parametrize("params, field", [
    ({"start": "2026-13-01"}, "start"),
    ({"start": "abc"}, "start"),
    ({"start": "2026-05-01", "end": "2026-04-01"}, "end"),
    ({"start": "2000-01-01", "end": "2026-01-01"}, "end"),
    # the names the dashboard took before: refused, naming the new ones
    ({"date_from": "2026-01-01"}, "date_from"),
    ({"date_to": "2026-01-01"}, "date_to"),
])
def test_bad_input_is_400_with_the_error_format(world, api_for, client_for, params, field):
    response = api_for(world.users.leader).get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["message"] and field in body["errors"]
    page = client_for(world.users.leader).get(URL, params)
    assert page.status_code == 400 and "stats-error" in page.content.decode()
    assert 'id="dashboard-figures"' not in page.content.decode()


def test_old_parameter_names_name_the_new_ones(world, api_for, client_for):
    response = api_for(world.users.leader).get(API, {"date_from": "2026-01-01", "date_to": "2026-11-01"})
    assert response.json()["errors"] == {"date_from": ["参数 date_from 已停用，请改用 start"],
                                         "date_to": ["参数 date_to 已停用，请改用 end"]}
    page = client_for(world.users.leader).get(URL, {"date_from": "2026-01-01"}).content.decode()
    assert "参数 date_from 已停用，请改用 start" in page


@pytest.mark.parametrize("params", [{"campaign": "x"}, {"campaign": "999999"}, {"region": "nope"},
                                    {"region": "331098000000"}])
def test_a_campaign_or_region_outside_the_scope_is_404(world, api_for, client_for, params):
    """As on every statistics page and endpoint (yingji.platform.core.periods.read_period)."""
    response = api_for(world.users.leader).get(API, params)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client_for(world.users.leader).get(URL, params).status_code == 404


def test_default_period_is_this_year(world, api_for):
    data = api_for(world.users.leader).get(API).json()
    today = timezone.localdate()
    assert data["start"] == today.replace(month=1, day=1).isoformat() and data["end"] == today.isoformat()


def test_campaign_narrows_the_inspections(world, api_for):
    from yingji.supervision.campaigns.models import Campaign

    a1, _a2, _b1 = build(world)
    campaign = Campaign.objects.create(name="专项", region=world.regions.county, start_date=D(2026, 1, 1),
                                       end_date=D(2026, 12, 31))
    Inspection.objects.filter(enterprise=a1, inspected_on=D(2026, 3, 1)).update(campaign=campaign)
    data = api_for(world.users.leader).get(API, {**PERIOD, "campaign": campaign.pk}).json()
    f = figures(data)
    assert f["inspections.count"]["value"] == 1 and f"campaign={campaign.pk}" in f["inspections.count"]["url"]
    # the campaign narrows every figure whose records can be attributed (core.stats.narrow): no hazard is
    assert f["hazards.found"]["value"] == 0 and f"campaign={campaign.pk}" in f["hazards.found"]["url"]


def test_query_count_does_not_grow_with_records(world, api_for):
    a1, a2, b1 = build(world)
    client = api_for(world.users.leader)
    client.get(API, PERIOD)
    with CaptureQueriesContext(connection) as before:
        assert client.get(API, PERIOD).status_code == 200
    for i in range(15):
        hazard(a2, D(2026, 1 + i % 10, 1 + i), state=HazardState.CLOSED if i % 2 else HazardState.PENDING)
        inspection(b1, D(2026, 1 + i % 10, 2))
        make_enterprise(world, world.regions.township_b)
    with CaptureQueriesContext(connection) as after:
        assert client.get(API, PERIOD).status_code == 200
    assert len(after) == len(before) and len(before) <= 80, len(before)  # every domain's figures, a fixed number each


def test_a_domain_contributes_through_the_registry(world, monkeypatch):
    """The dashboard shows what the providers registered in platform/core/dashboard.py return, in their order: a
    new domain adds a dashboard.py, not an import in analysis/."""
    from yingji.platform.core import dashboard
    from yingji.supervision.hazards.models import Hazard as H

    build(world)

    def extra(req):
        qs = req.in_region(H.objects.restrict(req.user, "view").active()).filter(found_on__gte=req.start,
                                                                                 found_on__lte=req.end)
        n = qs.count()
        return dashboard.Contribution(
            data={"n": n}, headline=[dashboard.figure("extra.n", "额外", n, 0, req.list_url("hazards:hazard_list"))],
            monthly={"extra": dashboard.monthly(qs, "found_on")},
            townships={"extra": dashboard.TownshipColumn(dashboard.by_township(qs), lambda t: "")})

    monkeypatch.setitem(dashboard._providers, "extra", dashboard.Provider("extra", 35, "hazards.view_hazard", extra))
    data = dashboard_stats(world.users.leader, D(2026, 1, 1), D(2026, 11, 1))
    ids = [f["id"] for f in data["results"]]
    assert ids.index("extra.n") == ids.index("hazards.overdue") + 1 and ids.index("extra.n") < ids.index(
        "enforcement.cases_filed")
    assert data["extra"] == {"n": 5} and data["can"]["extra"] is True
    assert sum(m["extra"] for m in data["by_month"]) == 5
    assert {t["name"]: t["extra"] for t in data["by_township"]} == {"青石镇": 4, "白水镇": 1}


def test_the_dashboard_imports_no_domain():
    import ast
    from pathlib import Path

    source = Path(__file__).resolve().parents[1] / "stats.py"
    imported = [n.module for n in ast.walk(ast.parse(source.read_text())) if isinstance(n, ast.ImportFrom)]
    assert imported and not [m for m in imported if m and m.startswith(("yingji.supervision", "yingji.disaster"))]


def shown(part, world):
    """What a provider's Contribution shows, its township columns' links included."""
    towns = [world.regions.township_a, world.regions.township_b]
    return (part.data, part.headline, part.monthly, part.township_rates,
            {k: (c.counts, [c.url(t) for t in towns]) for k, c in part.townships.items()})


def test_a_domain_without_records_answers_with_one_query_and_the_same_figures(world, monkeypatch):
    """DashboardRequest.records: a provider whose records are none at all (no warning, no drill yet in the region)
    asks one EXISTS per kind of record instead of each figure's query; the figures and links are the same as
    counting each of them."""
    from yingji.platform.core import dashboard

    build(world)
    req = dashboard.DashboardRequest(world.users.leader, D(2026, 1, 1), D(2026, 11, 1), world.regions.county,
                                     {p.name: None for p in dashboard.parameters()}, D(2026, 11, 2))
    empty = ["monitoring", "warnings", "releases", "responses", "incidents", "drills", "training"]
    providers = {p.key: p for p in dashboard.providers()}
    for key in empty:
        providers[key].build(req)  # the user's permissions, loaded once
    for key in empty:
        with CaptureQueriesContext(connection) as fast:
            short = providers[key].build(req)
        with monkeypatch.context() as m:
            m.setattr(dashboard.DashboardRequest, "records", lambda self, qs: qs)
            with CaptureQueriesContext(connection) as slow:
                counted = providers[key].build(req)
        assert len(fast) <= 2 < len(slow), (key, len(fast), len(slow))
        assert shown(short, world) == shown(counted, world), key
        assert all(not f["value"] for f in short.headline), key


def test_list_urls_are_quoted_as_urlencode_quotes_them(world):
    """list_url builds each query string from values quoted once per process: the same text urlencode writes."""
    from urllib.parse import urlencode

    from yingji.platform.core import dashboard

    req = dashboard.DashboardRequest(world.users.leader, D(2026, 1, 1), D(2026, 11, 1), world.regions.county)
    filters = {"q": "青石 镇&a=b", "level": HazardLevel.MAJOR, "department": 12, "empty": "", "none": None}
    url = req.list_url("hazards:hazard_list", ("found_after", "found_before"), previous=True, **filters)
    want = {"found_after": "2025-01-01", "found_before": "2025-11-01", "region": world.regions.county.code,
            "q": "青石 镇&a=b", "level": "major", "department": 12}
    assert url == f"{reverse('hazards:hazard_list')}?{urlencode(want)}"
    assert req.list_url("hazards:hazard_list", region=None) == f"{reverse('hazards:hazard_list')}?region=" \
        f"{world.regions.county.code}"
