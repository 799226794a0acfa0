"""Enforcement statistics: computed from records in the user's scope, by department, with 同比."""

import datetime
from decimal import Decimal

import pytest

from yingji.supervision.enforcement import services
from yingji.supervision.enforcement.choices import MeasureKind, PenaltyKind, PenaltyTarget, Step
from yingji.supervision.enforcement.models import EnforcementCase, Penalty
from yingji.supervision.enforcement.stats import enforcement_stats
from yingji.supervision.enforcement.testing import make_case, make_measure, walk

D = datetime.date
pytestmark = pytest.mark.django_db


def build(world):
    fire = world.orgs.transport  # stands for a second imposing department (消防/市监 …)
    walk(make_case(world, world.regions.township_a), world, Step.CLOSE, start=D(2026, 3, 2), fine="10000")
    walk(make_case(world, world.regions.township_b), world, Step.DELIVER, start=D(2026, 4, 1), fine="25000")
    c = walk(make_case(world, world.regions.township_b, department=fire), world, Step.DECIDE, start=D(2026, 5, 4),
             fine="3000")
    services.add_penalty(c, actor=world.users.inspector, kind=PenaltyKind.FINE, target=PenaltyTarget.PRINCIPAL,
                         amount="2000")
    services.add_penalty(c, actor=world.users.inspector, kind=PenaltyKind.SUSPENSION, suspension_days=30)
    d = walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=D(2026, 6, 1), fine=None)
    services.add_penalty(d, actor=world.users.inspector, kind=PenaltyKind.CLOSURE)
    services.add_penalty(d, actor=world.users.inspector, kind=PenaltyKind.CONFISCATION, amount="700")
    walk(make_case(world, world.regions.township_a), world, Step.FILE, start=D(2026, 7, 1))
    # last year
    walk(make_case(world, world.regions.township_a), world, Step.CLOSE, start=D(2025, 3, 3), fine="4000")
    # another county (its own officers are not among the personas): never counted
    foreign = make_case(world, world.regions.other_township)
    EnforcementCase.objects.filter(pk=foreign.pk).update(
        state="closed", year=2026, sequence=99, number="邻应急罚〔2026〕1号", filed_on=D(2026, 3, 2),
        decided_on=D(2026, 3, 20), closed_on=D(2026, 4, 1))
    Penalty.objects.create(case=foreign, kind=PenaltyKind.FINE, amount=Decimal("99999"))
    for kind, n in [(MeasureKind.INTERVIEW, 3), (MeasureKind.EXPOSURE, 2), (MeasureKind.TYPICAL_REPORTED, 1),
                    (MeasureKind.TYPICAL_PUBLISHED, 1), (MeasureKind.JUDICIAL_TRANSFER, 1)]:
        for i in range(n):
            make_measure(world, world.regions.township_a, kind=kind, date=D(2026, 2, 1 + i))
    make_measure(world, world.regions.township_a, kind=MeasureKind.INTERVIEW, date=D(2025, 2, 1))
    return fire


def test_figures_and_fines_by_department(world):
    fire = build(world)
    data = enforcement_stats(world.users.leader, D(2026, 1, 1), D(2026, 11, 1))
    cur, prev = data["current"], data["previous"]
    assert cur["cases_filed"] == 5 and cur["cases_closed"] == 1 and cur["cases_decided"] == 4
    assert cur["fines_total"] == Decimal("40000") and cur["money_total"] == Decimal("40700")
    assert cur["double_penalty_cases"] == 1
    assert (cur["suspensions"], cur["closures"]) == (1, 1)
    assert (cur["interviews"], cur["exposures"], cur["typical_reported"], cur["typical_published"],
            cur["judicial_transfers"]) == (3, 2, 1, 1, 1)
    by_dept = {row["department_id"]: row["amount"] for row in cur["fines_by_department"]}
    assert by_dept == {world.orgs.bureau.pk: Decimal("35000"), fire.pk: Decimal("5000")}
    kinds = {row["kind"]: row["count"] for row in cur["penalties_by_kind"]}
    assert kinds[PenaltyKind.FINE] == 4 and kinds[PenaltyKind.WARNING] == 0
    assert prev["cases_filed"] == 1 and prev["fines_total"] == Decimal("4000") and prev["interviews"] == 1
    rows = {row["id"]: row for row in data["rows"]}
    assert rows["cases_filed"]["change_percent"] == 400.0 and rows["closures"]["change_percent"] is None


def test_stats_follow_the_users_scope_and_region(world):
    build(world)
    township = enforcement_stats(world.users.township_a, D(2026, 1, 1), D(2026, 11, 1))["current"]
    assert township["cases_filed"] == 3 and township["fines_total"] == Decimal("10000")
    leader_b = enforcement_stats(world.users.leader, D(2026, 1, 1), D(2026, 11, 1),
                                 region=world.regions.township_b)["current"]
    assert leader_b["cases_filed"] == 2 and leader_b["fines_total"] == Decimal("30000")
    nobody = enforcement_stats(world.users.nobody, D(2026, 1, 1), D(2026, 11, 1))["current"]
    assert nobody["cases_filed"] == 0 and nobody["fines_total"] == 0


def test_same_period_last_year_handles_29_february(world):
    data = enforcement_stats(world.users.leader, D(2024, 2, 29), D(2024, 12, 31))
    assert (data["previous_start"], data["previous_end"]) == (D(2023, 2, 28), D(2023, 12, 31))


def test_stats_api(world, api_for, django_assert_max_num_queries):
    build(world)
    api = api_for(world.users.leader)
    with django_assert_max_num_queries(20):
        r = api.get("/api/v1/enforcement-stats/", {"start": "2026-01-01", "end": "2026-11-01"})
    assert r.status_code == 200
    body = r.json()
    rows = {row["id"]: row for row in body["results"]}
    assert rows["cases_filed"]["value"] == 5 and rows["cases_filed"]["last_year"] == 1
    assert Decimal(rows["fines_total"]["value"]) == Decimal("40000")
    assert {row["department"] for row in body["fines_by_department"]} == {"安澜县应急管理局", "县交通运输局"}
    r = api.get("/api/v1/enforcement-stats/", {"start": "2026-01-01", "end": "2026-11-01",
                                               "region": world.regions.township_b.pk})
    assert {row["id"]: row for row in r.json()["results"]}["cases_filed"]["value"] == 2
    by_code = api.get("/api/v1/enforcement-stats/", {"start": "2026-01-01", "end": "2026-11-01",
                                                     "region": world.regions.township_b.code})
    assert by_code.json()["region"] == world.regions.township_b.pk
    for params in ({"start": "2026-13-01"}, {"start": "yesterday"}, {"start": "2026-05-01", "end": "2026-04-01"}):
        bad = api.get("/api/v1/enforcement-stats/", params)
        assert bad.status_code == 400 and bad.json()["code"] == "invalid", params
    # a region that does not exist or lies outside the user's scope: 404, as on every statistics endpoint
    for params in ({"region": "abc"}, {"region": world.regions.other_township.pk}):
        bad = api.get("/api/v1/enforcement-stats/", params)
        assert bad.status_code == 404 and bad.json()["code"] == "not_found", params
    assert api_for(world.users.nobody).get("/api/v1/enforcement-stats/").status_code == 403


def test_stats_page(world, client_for):
    build(world)
    c = client_for(world.users.leader)
    body = c.get("/enforcementcases/stats/", {"start": "2026-01-01", "end": "2026-11-01"}).content.decode()
    assert "罚款金额（按处罚机关）" in body and "县交通运输局" in body and "400.0%" in body
    assert c.get("/enforcementcases/stats/", {"start": "2026-02-30"}).status_code == 400
    # a region outside the scope: 404, as in the API (every statistics page reads its parameters the same way)
    assert c.get("/enforcementcases/stats/", {"region": world.regions.other_township.pk}).status_code == 404
    assert client_for(world.users.nobody).get("/enforcementcases/stats/").status_code == 403
