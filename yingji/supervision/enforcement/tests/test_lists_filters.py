"""行政处罚 list (web, Excel, API) and the list filters the statistics link with: decision dates, 乡镇 and region on
cases, penalties and measures; bad filter values; query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from yingji.platform.core.services import void_record
from yingji.supervision.enforcement import services
from yingji.supervision.enforcement.choices import MeasureKind, PenaltyKind, PenaltyTarget, Step
from yingji.supervision.enforcement.testing import make_case, make_measure, walk
from yingji.supervision.enterprises.testing import make_enterprise

D = datetime.date
pytestmark = pytest.mark.django_db
PENALTIES = "/api/v1/enforcement-penalties/"
CASES = "/api/v1/enforcement-cases/"
MEASURES = "/api/v1/enforcement-measures/"


def decided(world, region, start, *, fine="10000", extra=(), **kw):
    case = walk(make_case(world, region, **kw), world, Step.DECIDE, start=start, fine=fine)
    for spec in extra:
        services.add_penalty(case, actor=world.users.inspector, **spec)
    return case


@pytest.fixture
def cases(world):
    r = world.regions
    a = decided(world, r.township_a, D(2026, 3, 2), extra=[
        {"kind": PenaltyKind.SUSPENSION, "suspension_days": 30},
        {"kind": PenaltyKind.FINE, "target": PenaltyTarget.PRINCIPAL, "target_name": "王五", "amount": "2000"}])
    village = decided(world, r.village_a, D(2026, 6, 1), fine="5000", department=world.orgs.housing)
    b = decided(world, r.township_b, D(2025, 6, 2), fine="7000", extra=[{"kind": PenaltyKind.CLOSURE}])
    gone = decided(world, r.township_b, D(2026, 4, 1), fine="88888")
    void_record(gone, actor=world.users.admin, reason="重复立案")
    return a, village, b, gone


def api_ids(api, url, **params):
    response = api.get(url, params)
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def pks(*penalty_sets):
    return sorted(p.pk for qs in penalty_sets for p in qs)


def test_penalty_filters(world, api_for, cases):
    a, village, b, gone = cases
    r = world.regions
    api = api_for(world.users.leader)
    assert api_ids(api, PENALTIES) == pks(a.penalties.all(), village.penalties.all(), b.penalties.all())
    assert api_ids(api, PENALTIES, decided_after="2026-01-01", decided_before="2026-12-31") == pks(
        a.penalties.all(), village.penalties.all())
    assert api_ids(api, PENALTIES, kind="fine", decided_after="2026-01-01") == pks(
        a.penalties.filter(kind="fine"), village.penalties.all())
    assert api_ids(api, PENALTIES, kind="closure") == pks(b.penalties.filter(kind="closure"))
    assert api_ids(api, PENALTIES, department=world.orgs.housing.pk) == pks(village.penalties.all())
    assert api_ids(api, PENALTIES, township=r.township_a.pk) == pks(a.penalties.all(), village.penalties.all())
    assert api_ids(api, PENALTIES, region=r.village_a.code) == pks(village.penalties.all())
    assert api_ids(api, PENALTIES, region=r.township_b.code) == pks(b.penalties.all())
    assert api_ids(api, PENALTIES, enterprise=a.enterprise_id) == pks(a.penalties.all())
    assert api_ids(api, PENALTIES, target="principal") == pks(a.penalties.filter(target="principal"))
    # the penalties of a voided case are void with it
    assert api_ids(api, PENALTIES, record_status="voided") == pks(gone.penalties.all())
    assert len(api_ids(api, PENALTIES, record_status="all")) == 7


def test_penalty_api_rows_leave_out_the_persons_name(world, api_for, cases):
    rows = api_for(world.users.leader).get(PENALTIES, {"target": "principal"}).json()["results"]
    assert len(rows) == 1 and "target_name" not in rows[0] and "王五" not in str(rows[0])
    row = rows[0]
    assert (row["kind"], row["amount"], row["decided_on"], row["department_name"]) == (
        "fine", "2000.00", cases[0].decided_on.isoformat(), world.orgs.bureau.name)
    assert api_for(world.users.leader).post(PENALTIES, {}, format="json").status_code in (403, 405)


def test_penalty_scope(world, api_for, cases):
    a, village, b, gone = cases
    assert api_ids(api_for(world.users.township_b), PENALTIES) == pks(b.penalties.all())
    assert api_ids(api_for(world.users.department), PENALTIES) == pks(village.penalties.all())
    assert api_ids(api_for(world.users.outsider), PENALTIES) == []
    assert api_for(world.users.nobody).get(PENALTIES).status_code == 403


def test_penalty_list_page_total_and_export(world, client_for, cases):
    from openpyxl import load_workbook

    c = client_for(world.users.leader)
    url = reverse("enforcement:penalty_list")
    html = c.get(url, {"kind": "fine", "decided_after": "2026-01-01"}).content.decode()
    assert "共 3 条" in html and 'id="penalty-fine-total">罚款合计（元） 17000.00</span>' in html
    assert reverse("enforcement:enforcementcase_detail", args=[cases[0].pk]) in html
    assert "王五" not in html
    response = c.get(url, {"kind": "fine", "decided_after": "2026-01-01", "_export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("案件编号", "当事企业", "处罚种类") and len(rows) == 4
    assert sum(Decimal(str(r[4])) for r in rows[1:]) == Decimal("17000")


def test_penalty_list_has_no_add_button_and_is_in_the_menu(world, client_for, cases):
    html = client_for(world.users.admin).get(reverse("enforcement:penalty_list")).content.decode()
    assert "/penalties/add/" not in html and 'href="/penalties/"' in html


def test_case_decision_dates_township_and_region(world, api_for, cases):
    a, village, b, gone = cases
    r = world.regions
    api = api_for(world.users.leader)
    assert api_ids(api, CASES, decided_after="2026-03-01", decided_before="2026-06-30") == sorted([a.pk,
                                                                                                 village.pk])
    assert api_ids(api, CASES, decided_before="2025-12-31") == [b.pk]
    assert api_ids(api, CASES, township=r.township_a.pk) == sorted([a.pk, village.pk])
    assert api_ids(api, CASES, region=r.county.code) == sorted([a.pk, village.pk, b.pk])
    assert api_ids(api, CASES, region=r.village_a.code) == [village.pk]
    # a township's user may filter by the county bureau that imposed the cases he sees
    assert api_ids(api_for(world.users.township_a), CASES, department=world.orgs.bureau.pk) == [a.pk]


def test_measure_township_and_region(world, api_for):
    r = world.regions
    here = make_measure(world, r.village_a, kind=MeasureKind.EXPOSURE)
    there = make_measure(world, r.township_b)
    api = api_for(world.users.leader)
    assert api_ids(api, MEASURES, township=r.township_a.pk) == [here.pk]
    assert api_ids(api, MEASURES, region=r.township_b.code) == [there.pk]
    assert api_ids(api, MEASURES, region=r.county.code) == sorted([here.pk, there.pk])
    assert api_ids(api_for(world.users.township_a), MEASURES, department=world.orgs.bureau.pk) == [here.pk]


@pytest.mark.parametrize("url, page, params, field", [
    (PENALTIES, "enforcement:penalty_list", {"kind": "bogus"}, "kind"),
    (PENALTIES, "enforcement:penalty_list", {"decided_after": "2026-13-01"}, "decided_after"),
    (PENALTIES, "enforcement:penalty_list", {"department": "999999"}, "department"),
    (PENALTIES, "enforcement:penalty_list", {"region": "331098000000"}, "region"),
    (PENALTIES, "enforcement:penalty_list", {"enterprise": "abc"}, "enterprise"),
    (PENALTIES, "enforcement:penalty_list", {"township": "abc"}, "township"),
    (CASES, "enforcement:enforcementcase_list", {"decided_before": "31/12/2026"}, "decided_before"),
    (CASES, "enforcement:enforcementcase_list", {"region": "x"}, "region"),
    (CASES, "enforcement:enforcementcase_list", {"township": str(10 ** 9)}, "township"),
    (MEASURES, "enforcement:measure_list", {"region": "331099"}, "region"),
    (MEASURES, "enforcement:measure_list", {"township": "-1"}, "township"),
])
def test_bad_filter_values(world, api_for, client_for, cases, url, page, params, field):
    response = api_for(world.users.leader).get(url, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"] and body["message"]
    html = client_for(world.users.leader).get(reverse(page), params)
    assert html.status_code == 200 and "共 0 条" in html.content.decode()


def test_region_outside_a_township_users_scope(world, api_for, cases):
    api = api_for(world.users.township_a)
    for url in (PENALTIES, CASES, MEASURES):
        response = api.get(url, {"region": world.regions.township_b.code})
        assert response.status_code == 400
        assert response.json()["errors"]["region"] == ["区划不存在或不在您的管辖范围内"]


def test_penalty_list_query_counts(world, client_for, api_for, django_assert_max_num_queries):
    params = {"decided_after": "2026-01-01", "region": world.regions.county.code, "kind": "fine"}
    decided(world, world.regions.township_a, D(2026, 3, 2))
    c, api = client_for(world.users.leader), api_for(world.users.leader)
    url = reverse("enforcement:penalty_list")
    c.get(url, params)
    api.get(PENALTIES, params)
    # 17: the page's own queries, the column choice and saved filters (core/ledgers.py) and the 专项行动 filter's
    # choices; the same 17 with seven rows as with one below
    with django_assert_max_num_queries(17):
        assert c.get(url, params).status_code == 200
    with django_assert_max_num_queries(8) as ctx:
        assert api.get(PENALTIES, params).json()["count"] == 1
    first = len(ctx.captured_queries)
    for _i in range(6):
        decided(world, world.regions.township_b, D(2026, 3, 2), enterprise=make_enterprise(
            world, world.regions.township_b), extra=[{"kind": PenaltyKind.WARNING}])
    with django_assert_max_num_queries(17):
        response = c.get(url, params)
    assert "共 7 条" in response.content.decode()
    with django_assert_max_num_queries(first) as ctx:
        assert api.get(PENALTIES, params).json()["count"] == 7
