"""历史隐患台账 import: hazards created in the state their dates imply, with their steps on the real days, all rows
or none, re-import skipped, the township's scope, and no query per row."""

import datetime
import io

import pytest
from django.utils import timezone

from yingji.platform.audit.models import AuditEvent, ObjectChange
from yingji.platform.core import excel, imports
from yingji.platform.core.models import ImportJob
from yingji.platform.core.tasks import run_import
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.hazards.choices import HazardLevel, HazardSource, HazardState
from yingji.supervision.hazards.models import Hazard, HazardEvent

pytestmark = pytest.mark.django_db

SPEC = "hazards-history"


@pytest.fixture
def ents(world):
    a = make_enterprise(world, world.regions.township_a, name="青石化工有限公司")
    b = make_enterprise(world, world.regions.township_b, name="白水五金厂")
    return a, b


def _row(ent, n, **over):
    row = {"ledger_no": f"2024-YH-{n:04d}", "enterprise": ent.credit_code, "description": f"配电箱未上锁{n}",
           "category": "用电安全", "level": "一般", "major_basis": "", "source": "部门检查", "found_by_name": "王明",
           "found_on": "2024-03-05", "deadline": "2024-03-20", "responsible_person": "李强",
           "plan_measures": "更换电缆", "plan_funds": "3500", "evidence": "", "rectified_on": "", "closed_on": "",
           "accepted_by_name": "", "supervision_level": "", "supervising_unit": "", "supervision_deadline": ""}
    row.update(over)
    return [row[c.field] for c in imports.get(SPEC).columns]


def _file(rows):
    spec = imports.get(SPEC)
    return io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def _run(rows, user):
    return imports.run(imports.get(SPEC), _file(rows), "隐患台账.xlsx", user)


def _rows(ent):
    return [
        _row(ent, 1),  # found only
        _row(ent, 2, evidence="已更换电缆", rectified_on="2024-03-18"),  # rectified, not yet accepted
        _row(ent, 3, evidence="已更换电缆并加锁", rectified_on="2024/3/18", closed_on="2024年3月25日",
             accepted_by_name="赵刚", level="重大", major_basis="工贸企业重大事故隐患判定标准第四条"),
        _row(ent, 4, enterprise=ent.name, found_on="2023-12-20", evidence="已整改", rectified_on="2024-01-10",
             closed_on="2024-01-12", source="企业自查"),
    ]


def test_good_file_creates_each_hazard_in_the_state_its_dates_imply(world, ents):
    a, _b = ents
    result = _run(_rows(a), world.users.inspector)
    assert result.ok, result.errors
    assert (result.created, result.skipped) == (4, 0)
    h = {x.ledger_no: x for x in Hazard.objects.all()}
    assert h["2024-YH-0001"].state == HazardState.PENDING and not h["2024-YH-0001"].events.exists()
    assert h["2024-YH-0001"].region == world.regions.township_a
    assert h["2024-YH-0001"].found_on == datetime.date(2024, 3, 5) and h["2024-YH-0001"].found_by_name == "王明"
    assert h["2024-YH-0001"].plan_funds == 3500 and h["2024-YH-0001"].created_by == world.users.inspector

    awaiting = h["2024-YH-0002"]
    assert awaiting.state == HazardState.AWAITING_ACCEPTANCE and awaiting.closed_at is None
    assert timezone.localtime(awaiting.submitted_at).date() == datetime.date(2024, 3, 18)
    assert [(e.transition, e.to_state) for e in awaiting.events.all()] == [
        ("start", HazardState.IN_PROGRESS), ("submit", HazardState.AWAITING_ACCEPTANCE)]

    closed = h["2024-YH-0003"]
    assert closed.state == HazardState.CLOSED and closed.level == HazardLevel.MAJOR
    assert timezone.localtime(closed.closed_at).date() == datetime.date(2024, 3, 25)
    events = list(closed.events.all())
    assert [(e.transition, timezone.localtime(e.at).date()) for e in events] == [
        ("start", datetime.date(2024, 3, 5)), ("submit", datetime.date(2024, 3, 18)),
        ("accept", datetime.date(2024, 3, 25))]
    assert all(e.actor == world.users.inspector and e.region == world.regions.township_a for e in events)
    assert events[-1].note == "历史台账导入，验收人：赵刚"

    by_name = h["2024-YH-0004"]  # the enterprise written by its name
    assert by_name.enterprise == a and by_name.source == HazardSource.SELF_INSPECTION
    assert timezone.localtime(by_name.closed_at).date() == datetime.date(2024, 1, 12)
    # each record's creation audited as the import
    assert ObjectChange.objects.filter(action=ObjectChange.Action.CREATE, message="台账导入",
                                       object_id__in=[str(x.pk) for x in h.values()]).count() == 4


def test_reimport_skips_the_rows_already_imported(world, ents):
    a, _b = ents
    assert _run(_rows(a), world.users.inspector).created == 4
    again = _run(_rows(a), world.users.inspector)
    assert again.ok and (again.created, again.skipped) == (0, 4)
    more = _run([*_rows(a), _row(a, 5)], world.users.inspector)
    assert more.ok and (more.created, more.skipped) == (1, 4)
    assert Hazard.objects.count() == 5 and HazardEvent.objects.count() == 2 + 3 + 3


def test_a_voided_hazard_is_imported_again(world, ents):
    a, _b = ents
    _run([_row(a, 1)], world.users.inspector)
    Hazard.objects.filter(ledger_no="2024-YH-0001").update(voided_at=timezone.now())
    again = _run([_row(a, 1)], world.users.inspector)
    assert again.ok and again.created == 1


def test_the_same_number_in_another_county_is_another_hazard(world, ents):
    a, _b = ents
    other = make_enterprise(world, world.regions.other_township, name="邻县企业")
    Hazard.objects.create(enterprise=other, ledger_no="2024-YH-0001", description="邻县的隐患",
                          category="other", source=HazardSource.DEPARTMENT)
    result = _run([_row(a, 1)], world.users.inspector)
    assert result.ok and (result.created, result.skipped) == (1, 0)


ERRORS = [
    ({"found_on": "2099-01-01", "deadline": ""}, "发现日期", "发现日期不能晚于今天"),
    ({"evidence": "已整改", "rectified_on": "2024-03-01"}, "整改完成日期", "整改完成日期不能早于发现日期"),
    ({"evidence": "已整改", "rectified_on": "2099-01-01"}, "整改完成日期", "整改完成日期不能晚于今天"),
    ({"rectified_on": "2024-03-18"}, "整改情况", "填写了整改完成日期时须填写整改情况（整改佐证）"),
    ({"evidence": "已整改", "rectified_on": "2024-03-18", "closed_on": "2024-03-10"}, "验收销号日期",
     "验收销号日期不能早于整改完成日期"),
    ({"evidence": "已整改", "rectified_on": "2024-03-18", "closed_on": "2099-03-10"}, "验收销号日期",
     "验收销号日期不能晚于今天"),
    ({"closed_on": "2024-03-25"}, "验收销号日期", "填写了验收销号日期时须填写整改完成日期"),
    ({"accepted_by_name": "赵刚"}, "验收人", "未验收销号的隐患不填写验收人"),
    ({"deadline": "2024-03-01"}, "整改期限", "整改期限不能早于发现日期"),
    ({"found_on": "2024-02-30"}, "发现日期", "“发现日期”的日期格式应为 YYYY-MM-DD，如 2026-01-31"),
    ({"level": "重大"}, "重大隐患判定依据", "重大事故隐患须选择判定标准条款或填写其他判定依据"),
    ({"level": "特大"}, "隐患级别", "“特大”不是可选值"),
    ({"source": ""}, "隐患来源", "“隐患来源”不能为空"),
    ({"ledger_no": ""}, "隐患编号", "“隐患编号”不能为空"),
    ({"enterprise": "不存在的公司"}, "企业", "系统中没有企业“不存在的公司”"),
    ({"plan_funds": "-5"}, "整改资金（元）", "整改资金不能为负数"),
    ({"plan_funds": "三千"}, "整改资金（元）", "“整改资金（元）”应为数字"),
]


@pytest.mark.parametrize("over,column,message", ERRORS, ids=[e[2][:14] for e in ERRORS])
def test_each_kind_of_row_error_writes_nothing(world, ents, over, column, message):
    a, _b = ents
    result = _run([_row(a, 1), _row(a, 2, **over)], world.users.inspector)
    assert not result.ok
    hits = [(r, c, m) for r, c, m in result.errors if message in m]
    assert hits and hits[0][0] == 3, result.errors
    if column:
        assert hits[0][1] == column, result.errors
    assert not Hazard.objects.exists() and not HazardEvent.objects.exists()


def test_a_number_twice_in_the_file(world, ents):
    a, _b = ents
    result = _run([_row(a, 1), _row(a, 1)], world.users.inspector)
    assert result.errors == [(3, "隐患编号", "与第 2 行重复")] and not Hazard.objects.exists()


def test_a_township_officer_cannot_import_hazards_of_another_township(world, ents):
    a, b = ents
    result = _run([_row(a, 1), _row(b, 2)], world.users.township_a)
    assert result.errors == [(3, "企业", f"企业“{b.credit_code}”不在您的管辖范围内")]
    assert not Hazard.objects.exists()
    assert _run([_row(a, 1)], world.users.township_a).created == 1


def test_closing_needs_the_acceptance_permission(world, ents):
    """A township officer registers and rectifies hazards but does not accept them (验收销号): nor by import."""
    a, _b = ents
    row = _row(a, 3, evidence="已整改", rectified_on="2024-03-18", closed_on="2024-03-25")
    result = _run([row], world.users.township_a)
    assert result.errors == [(2, "验收销号日期", "您没有验收销号隐患的权限，不能导入已销号的隐患")]
    rectified = _row(a, 2, evidence="已整改", rectified_on="2024-03-18")
    assert _run([rectified], world.users.township_a).created == 1


def test_a_name_shared_by_two_enterprises_asks_for_the_code(world, ents):
    a, _b = ents
    make_enterprise(world, world.regions.township_a, name=a.name)
    result = _run([_row(a, 1, enterprise=a.name)], world.users.inspector)
    assert result.errors == [(2, "企业", "名称为“青石化工有限公司”的企业有 2 家，请填写统一社会信用代码")]


def test_template_download_has_the_columns(world, client_for):
    r = client_for(world.users.inspector).get("/imports/hazards-history/template.xlsx")
    assert r.status_code == 200
    header, rows = excel.read_rows(io.BytesIO(r.content), "t.xlsx")
    assert header[:3] == ["隐患编号", "企业", "隐患描述"]
    assert {"发现日期", "整改完成日期", "验收销号日期", "整改资金（元）", "隐患来源"} <= set(header)
    assert client_for(world.users.auditor).get("/imports/hazards-history/template.xlsx").status_code == 403


def test_the_list_page_offers_the_import(world, client_for):
    page = client_for(world.users.inspector).get("/hazards/").content.decode()
    assert "/imports/hazards-history/" in page


def test_the_background_job_records_one_import_event(world, ents, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a, _b = ents
    job = ImportJob.objects.create(spec=SPEC, file=SimpleUploadedFile("h.xlsx", _file(_rows(a)).read()),
                                   filename="h.xlsx", created_by=world.users.inspector)
    run_import.enqueue(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_rows, job.total_rows) == (ImportJob.Status.DONE, 4, 4)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.IMPORT)
    assert event.detail["spec"] == SPEC and event.detail["created"] == 4


def test_200_rows_cost_no_query_per_row(world, ents, django_assert_max_num_queries):
    a, _b = ents
    _run([_row(a, 999)], world.users.inspector)  # fills the permission and content-type caches
    rows = [_row(a, n, evidence="已整改", rectified_on="2024-03-18", closed_on="2024-03-25") if n % 2 else _row(a, n)
            for n in range(1, 201)]
    # 8 before the statistics rollup (lookups, the key check, inserts, audit); it adds its grouped count of the new
    # rows and its upserts (one statement per 100 cells), not a query per row (core.rollups)
    with django_assert_max_num_queries(13):  # PostgreSQL: +1, the savepoint round COPY (core/imports.py)
        result = _run(rows, world.users.inspector)
    assert result.ok and result.created == 200
    assert HazardEvent.objects.count() == 300


def test_enterprise_lookup_outside_any_scope_does_not_leak(world):
    """An enterprise of another county is named as outside the scope, not described."""
    other = make_enterprise(world, world.regions.other_township, name="邻县企业")
    result = _run([_row(other, 1)], world.users.inspector)
    assert result.errors == [(2, "企业", f"企业“{other.credit_code}”不在您的管辖范围内")]
    assert Enterprise.objects.count() == 1


def test_the_number_is_entered_on_the_page_and_the_api_and_found_by_the_search(world, ents, client_for, api_for):
    a, _b = ents
    data = {"enterprise": a.pk, "ledger_no": "2026-YH-0100", "description": "消防通道堵塞", "category": "fire",
            "level": "general", "source": "department", "found_on": str(timezone.localdate())}
    client = client_for(world.users.inspector)
    assert "隐患编号" in client.get("/hazards/add/").content.decode()
    assert client.post("/hazards/add/", data).status_code == 302
    r = api_for(world.users.inspector).post("/api/v1/hazards/", {**data, "ledger_no": "2026-YH-0101"}, format="json")
    assert r.status_code == 201 and r.json()["ledger_no"] == "2026-YH-0101"
    found = api_for(world.users.inspector).get("/api/v1/hazards/?q=2026-YH-0100").json()["results"]
    assert [h["ledger_no"] for h in found] == ["2026-YH-0100"]
