"""Every figure of the supervision dashboard links to exactly the records behind it.

A small but realistic county (two townships with villages, a neighbouring county, cases of two departments decided
this year and last, a case filed last year and decided this year, a voided case, a voided penalty, every kind of
penalty, 挂牌督办 at each level) is viewed by a county leader (all of it, or a village), a city user (the city, the county or a township), a
township user and an industry department's user. For each view, every headline figure, every
breakdown row and every last-year figure has a URL, and the list API at that URL, with the same query string,
counts exactly the figure (sums, for fines; distinct enterprises, for places inspected). The HTML lists are fetched
too and state the same count.
"""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils import timezone

from yingji.analysis.dashboard.stats import dashboard_stats
from yingji.platform.accounts.choices import OrgKind
from yingji.platform.accounts.models import Organisation, Role, User
from yingji.platform.core.phrasing import percent
from yingji.platform.core.services import void_record
from yingji.supervision.enforcement import services
from yingji.supervision.enforcement.choices import MeasureKind, PenaltyKind, PenaltyTarget, Step
from yingji.supervision.enforcement.testing import make_case, make_measure, walk
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.hazards.choices import HazardLevel, HazardSource, HazardState, SupervisionLevel
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.inspections.choices import InspectionKind
from yingji.supervision.inspections.models import Inspection

D = datetime.date
pytestmark = pytest.mark.django_db
PERIOD = (D(2026, 1, 1), D(2026, 10, 31))

# the list page a figure links to -> the list API that takes the same query string
API_OF = {
    "hazards:hazard_list": "/api/v1/hazards/",
    "enterprises:enterprise_list": "/api/v1/enterprises/",
    "inspections:inspection_list": "/api/v1/inspections/",
    "enforcement:enforcementcase_list": "/api/v1/enforcement-cases/",
    "enforcement:measure_list": "/api/v1/enforcement-measures/",
    "enforcement:penalty_list": "/api/v1/enforcement-penalties/",
}


def hazard(enterprise, found_on, *, level=HazardLevel.GENERAL, source=HazardSource.DEPARTMENT,
           state=HazardState.PENDING, deadline=None, supervision=""):
    return Hazard.objects.create(
        enterprise=enterprise, description="隐患", category="electrical", level=level, source=source,
        found_on=found_on, state=state, deadline=deadline, supervision_level=supervision,
        supervising_unit="县安委办" if supervision else "", supervision_deadline=deadline if supervision else None,
        major_basis="判定依据" if level == HazardLevel.MAJOR else "",
        closed_at=timezone.now() if state == HazardState.CLOSED else None)


def decided_case(world, enterprise, start, *, fine="10000", department=None, extra=()):
    """A case filed on `start` and decided about two weeks later, with a fine and the `extra` penalties."""
    kw = {"department": department} if department is not None else {}
    case = walk(make_case(world, enterprise.region, enterprise=enterprise, **kw), world, Step.DECIDE, start=start,
                fine=fine)
    for spec in extra:
        services.add_penalty(case, actor=world.users.inspector, **spec)
    return case


def build(world):
    r, o = world.regions, world.orgs
    a1 = make_enterprise(world, r.township_a, sector=Sector.HAZCHEM_USE)
    a2 = make_enterprise(world, r.village_a, sector=Sector.CONSTRUCTION, supervising_department=o.housing)
    b1 = make_enterprise(world, r.township_b, sector=Sector.INDUSTRY_TRADE)
    b2 = make_enterprise(world, r.village_b, sector=Sector.HAZCHEM_USE)
    foreign = make_enterprise(world, r.other_township)
    M, C = HazardLevel.MAJOR, HazardState.CLOSED
    # hazards this period: every source and level, 挂牌督办 at every level, some closed, some overdue
    hazard(a1, D(2026, 1, 5), state=C)
    hazard(a1, D(2026, 2, 5), deadline=D(2026, 3, 1))
    hazard(a1, D(2026, 3, 5), level=M, state=C, deadline=D(2026, 5, 1), supervision=SupervisionLevel.COUNTY)
    hazard(a2, D(2026, 4, 5), level=M, deadline=D(2026, 6, 1), supervision=SupervisionLevel.CITY)
    hazard(a2, D(2026, 4, 6), source=HazardSource.SELF_INSPECTION, state=HazardState.IN_PROGRESS,
           deadline=D(2099, 1, 1))
    hazard(b1, D(2026, 5, 5), level=M, state=C, deadline=D(2026, 9, 1), supervision=SupervisionLevel.PROVINCE)
    hazard(b1, D(2026, 6, 5), source=HazardSource.PUBLIC_REPORT, state=HazardState.AWAITING_ACCEPTANCE)
    hazard(b2, D(2026, 7, 5), level=M, source=HazardSource.SUPERVISION, deadline=D(2026, 8, 1))
    hazard(b2, D(2026, 10, 31), state=C)
    voided = hazard(a1, D(2026, 3, 1))
    Hazard.objects.filter(pk=voided.pk).update(voided_at=timezone.now())
    # last year
    hazard(a1, D(2025, 2, 1), state=C)
    hazard(a2, D(2025, 3, 1), level=M, state=C, deadline=D(2025, 5, 1), supervision=SupervisionLevel.COUNTY)
    hazard(b2, D(2025, 4, 1), deadline=D(2025, 5, 1))
    hazard(foreign, D(2026, 3, 1), level=M, deadline=D(2026, 4, 1), supervision=SupervisionLevel.COUNTY)

    for e, day, kind in ((a1, D(2026, 3, 1), InspectionKind.ENFORCEMENT), (a1, D(2026, 4, 1), InspectionKind.SPECIAL),
                         (a2, D(2026, 3, 10), InspectionKind.ENFORCEMENT), (b2, D(2026, 6, 1), InspectionKind.ENFORCEMENT),
                         (b1, D(2025, 6, 1), InspectionKind.ENFORCEMENT), (foreign, D(2026, 3, 1),
                                                                        InspectionKind.ENFORCEMENT)):
        Inspection.objects.create(enterprise=e, inspected_on=day, kind=kind)

    # cases: the bureau's and 住建's; this year, last year, filed last year and decided this year
    decided_case(world, a1, D(2026, 3, 2), fine="10000", extra=[
        {"kind": PenaltyKind.SUSPENSION, "suspension_days": 30},
        {"kind": PenaltyKind.FINE, "target": PenaltyTarget.PRINCIPAL, "target_name": "张三", "amount": "2000"}])
    decided_case(world, a1, D(2026, 6, 1), fine="5000", extra=[{"kind": PenaltyKind.SUSPENSION,
                                                                "suspension_days": 15}])
    decided_case(world, a2, D(2026, 4, 1), fine="30000", department=world.orgs.housing, extra=[
        {"kind": PenaltyKind.CONFISCATION, "amount": "800"}])
    decided_case(world, b1, D(2025, 12, 22), fine="7000", extra=[{"kind": PenaltyKind.CLOSURE}])
    decided_case(world, b2, D(2026, 5, 4), fine=None, extra=[{"kind": PenaltyKind.WARNING}])
    decided_case(world, b2, D(2025, 5, 4), fine="4000", extra=[{"kind": PenaltyKind.SUSPENSION,
                                                                "suspension_days": 10}])
    walk(make_case(world, r.township_b, enterprise=b1), world, Step.FILE, start=D(2026, 9, 1))
    gone = decided_case(world, a1, D(2026, 7, 1), fine="99999")
    void_record(gone, actor=world.users.admin, reason="重复立案")
    slip = decided_case(world, b1, D(2026, 8, 3), fine="1000", extra=[{"kind": PenaltyKind.FINE, "amount": "50"}])
    void_record(slip.penalties.get(amount=Decimal("50")), actor=world.users.admin, reason="录入错误")

    for e, kind, day in ((a1, MeasureKind.INTERVIEW, D(2026, 2, 2)), (b2, MeasureKind.INTERVIEW, D(2026, 5, 2)),
                         (a2, MeasureKind.EXPOSURE, D(2026, 6, 2)), (b1, MeasureKind.INTERVIEW, D(2025, 2, 2)),
                         (foreign, MeasureKind.INTERVIEW, D(2026, 2, 2))):
        make_measure(world, e.region, enterprise=e, kind=kind, date=day)
    return a1, a2, b1, b2


def city_user(world):
    org = Organisation.objects.create(name="台州市应急管理局", kind=OrgKind.BUREAU, region=world.regions.city)
    user = User.objects.create(username="city", full_name="市局", region=world.regions.city, organisation=org)
    user.groups.add(Role.objects.get(code="leader").group)
    return User.objects.get(pk=user.pk)


SUPERVISION = {"enterprises", "inspections", "hazards", "enforcement"}


def checks(data):
    """(what, url, kind, expected) of every figure of the dashboard: kind is count, sum or places."""
    out = []

    def fig(f):
        kind = {"enforcement.fines_total": "sum", "inspections.places": "places"}.get(f["id"], "count")
        if f["id"] == "hazards.rate":
            kind = "rate"
        out.append((f["id"], f["url"], kind, f["value"]))
        if f["last_year"] is not None:
            out.append((f"{f['id']} (last year)", f["previous_url"], kind, f["last_year"]))

    for f in data["results"]:
        # the supervision figures this file builds records for; the warning and command domains' figures are
        # checked by their own apps' dashboard tests
        if f["id"].split(".")[0] in SUPERVISION:
            fig(f)
    for g in data["hazards"]["groups"]:
        fig(g["found"])
        fig(g["rectified"])
    h, e, i, enf = data["hazards"], data["enterprises"], data["inspections"], data["enforcement"]
    for key in ("listed", "listed_closed", "overdue"):
        fig(h[key])
    for row in h["listed_by_level"] + h["by_sector"] + e["by_sector"] + e["by_department"] \
            + enf["cases_by_department"]:
        out.append((f"row {row['label']}", row["url"], "count", row["value"]))
    for row in i["by_kind"] + i["by_sector"]:
        out.append((f"inspections {row['label']}", row["url"], "count", row["inspections"]))
    for row in enf["fines_by_department"]:
        out.append((f"fines {row['department']}", row["url"], "count", row["count"]))
        out.append((f"fines {row['department']} amount", row["url"], "sum", Decimal(row["amount"])))
    for t in data["by_township"]:
        for key, value in (("enterprises", t["enterprises"]), ("inspections", t["inspections"]),
                           ("hazards", t["hazards"]), ("rectified", t["rectified"])):
            out.append((f"{t['name']} {key}", t[f"{key}_url"], "count", value))
    return out


def api_rows(client, url):
    parts = urlsplit(url)
    api = API_OF[resolve(parts.path).view_name]
    response = client.get(f"{api}?{parts.query}&page_size=1000")
    assert response.status_code == 200, (url, response.content[:300])
    body = response.json()
    assert body["count"] == len(body["results"])
    return body["results"]


def measured(client, url, kind, expected=None):
    rows = api_rows(client, url)
    if kind == "sum":
        return sum((Decimal(r["amount"]) for r in rows if r["kind"] == PenaltyKind.FINE), Decimal(0))
    if kind == "places":
        return len({r["enterprise"] for r in rows})
    if kind == "rate":
        closed = sum(1 for r in rows if r["state"] == HazardState.CLOSED)
        return percent(closed, len(rows))
    return len(rows)


def scenarios(world):
    r, u = world.regions, world.users
    city = city_user(world)
    return [
        ("county leader", u.leader, None),
        ("county leader, village", u.leader, r.village_a),
        ("city user, whole city", city, None),
        ("city user, county", city, r.county),
        ("city user, township B", city, r.township_b),
        ("township A user", u.township_a, None),
        ("住建 department user", u.department, None),
    ]


def test_every_figure_links_to_exactly_its_records(world, api_for):
    build(world)
    seen_kinds, seen_lists = set(), set()
    for label, user, region in scenarios(world):
        data = dashboard_stats(user, *PERIOD, region)
        client = api_for(user)
        for what, url, kind, expected in checks(data):
            assert url, f"{label}: {what} has no link"
            value = expected if kind != "sum" else Decimal(expected)
            assert measured(client, url, kind) == value, (label, what, url)
            seen_kinds.add(kind)
            seen_lists.add(resolve(urlsplit(url).path).view_name)
    assert seen_kinds == {"count", "sum", "places", "rate"} and seen_lists == set(API_OF)


def test_the_data_set_exercises_the_definitions(world):
    """Guards the test above against passing on zeros: the figures it compares are the ones built."""
    build(world)
    f = {x["id"]: x for x in dashboard_stats(world.users.leader, *PERIOD)["results"]}
    got = {k: f[k]["value"] for k in ("hazards.found", "hazards.listed", "hazards.listed_closed",
                                      "enforcement.cases_filed", "enforcement.penalties", "enforcement.fines_total",
                                      "enforcement.suspensions", "enforcement.closures", "enforcement.interviews",
                                      "inspections.places")}
    # penalties decided this period: a1 (fine, suspension, principal's fine), a1 (fine, suspension), a2 (fine,
    # confiscation), b1 filed 2025-12-22 and decided in January (fine, closure), b2 (warning), b1 (fine; its second
    # fine is voided); the voided case counts nothing
    assert got == {"hazards.found": 9, "hazards.listed": 3, "hazards.listed_closed": 2,
                   "enforcement.cases_filed": 6, "enforcement.penalties": 11, "enforcement.fines_total": "55000.00",
                   "enforcement.suspensions": 2, "enforcement.closures": 1, "enforcement.interviews": 2,
                   "inspections.places": 3}
    assert (f["enforcement.suspensions"]["unit"], f["enforcement.suspensions"]["note"]) == ("项", "按处罚项计数，同一企业的多项处罚分别计入")


def test_the_html_lists_state_the_same_counts(world, client_for):
    build(world)
    user = city_user(world)
    data = dashboard_stats(user, *PERIOD, world.regions.county)
    client = client_for(user)
    for what, url, kind, expected in checks(data):
        html = client.get(url).content.decode()
        if kind == "sum":
            total = re.search(r'id="penalty-fine-total">[^<]*?([\d.]+)</span>', html).group(1)
            assert Decimal(total) == Decimal(expected), (what, url)
        elif kind == "count":
            assert f"共 {expected} 条" in html, (what, url)


def test_the_page_links_every_figure(world, client_for):
    build(world)
    html = client_for(world.users.leader).get("/analysis/supervision/", {
        "start": "2026-01-01", "end": "2026-10-31", "region": world.regions.county.code}).content.decode()
    html = html.replace("&amp;", "&")
    table = html[html.index('id="dashboard-figures"'):html.index("</table>", html.index('id="dashboard-figures"'))]
    assert table.count("<tr>") - 1 == table.count('<td class="text-end fw-semibold"><a href=')
    assert f"/penalties/?decided_after=2026-01-01&decided_before=2026-10-31&region={world.regions.county.code}" \
           f"&kind=suspension" in html
    assert "supervised=true" in html and "/penalties/?" in html[html.index('id="dashboard-fines"'):]
    assert "案件列表暂无" not in html and "无处罚列表" not in html
