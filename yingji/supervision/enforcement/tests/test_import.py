"""The enforcement case ledger import (执法案件台账): past cases in the state their dates imply, with their steps
(real dates, entered now) and penalties, so the year's statistics count them; all rows or none; re-import skips."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import excel, imports
from yingji.supervision.enforcement import services
from yingji.supervision.enforcement.choices import CaseState, PenaltyKind, PenaltyTarget, RuleCode, Step
from yingji.supervision.enforcement.models import CaseStep, EnforcementCase, Penalty
from yingji.supervision.enforcement.stats import enforcement_stats
from yingji.supervision.enterprises.testing import make_enterprise

D = datetime.date
SPEC = "enforcement-cases"


@pytest.fixture
def firm(world):
    return make_enterprise(world, world.regions.township_a)


def _ledger(rows):
    spec = imports.get(SPEC)
    return spec, io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def _row(world, firm, n=1, **over):
    row = {"case_number": f"安应急罚〔2024〕{n}号", "enterprise": firm.credit_code, "title": "未按规定开展安全培训案",
           "origin": "监督检查", "origin_reference": "", "procedure": "普通程序", "department": world.orgs.bureau.name,
           "officers": "", "facts": "", "violated_provisions": "", "penalty_basis": "",
           "filed_date": "2024-03-04", "investigated_date": "2024-03-20", "notified_date": "2024-03-25",
           "decided_date": "2024-04-10", "delivered_date": "2024-04-12", "executed_date": "2024-05-08",
           "closed_date": "2024-05-20", "fine": "50000", "principal_fine": "", "confiscation": "",
           "other_penalties": "", "paid": ""}
    row.update(over)
    return [row[c.field] for c in imports.get(SPEC).columns]


def _run(world, rows, user=None):
    spec, f = _ledger(rows)
    return imports.run(spec, f, "执法台账.xlsx", user or world.users.admin)


def test_good_file_creates_cases_in_their_state_with_steps_and_penalties(world, firm):
    result = _run(world, [
        _row(world, firm, 12, principal_fine="8000", other_penalties="责令停产停业整顿",
             officers="inspector、inspector2", paid="58000"),
        _row(world, firm, 13, procedure="简易", investigated_date="", notified_date="", decided_date="2024-06-03",
             delivered_date="2024-06-03", executed_date="", closed_date="", fine="2000"),
        _row(world, firm, 14, investigated_date="", notified_date="", decided_date="", delivered_date="",
             executed_date="", closed_date="", fine="", filed_date="2026-11-30"),
    ])
    assert result.ok, result.errors
    closed = EnforcementCase.objects.get(number="安应急罚〔2024〕12号")
    assert closed.state == CaseState.CLOSED and (closed.year, closed.sequence) == (2024, 12)
    assert closed.region == firm.region and closed.filed_on == D(2024, 3, 4) and closed.closed_on == D(2024, 5, 20)
    assert closed.paid_amount == Decimal("58000") and closed.due_on is None
    steps = list(closed.steps.order_by("date", "pk"))
    assert [s.step for s in steps] == [Step.FILE, Step.INVESTIGATE, Step.NOTIFY, Step.DECIDE, Step.DELIVER,
                                       Step.EXECUTE, Step.CLOSE]
    assert steps[3].date == D(2024, 4, 10) and steps[3].recorded_by == world.users.admin
    assert steps[3].recorded_at.date() > steps[3].date  # entered now, happened then
    assert set(steps[0].officers.all()) == {world.users.inspector, world.users.inspector2}
    assert set(closed.officers.all()) == {world.users.inspector, world.users.inspector2}
    penalties = {(p.kind, p.target): p for p in closed.penalties.all()}
    assert penalties[(PenaltyKind.FINE, PenaltyTarget.ENTERPRISE)].amount == Decimal("50000")
    assert penalties[(PenaltyKind.FINE, PenaltyTarget.PRINCIPAL)].target_name == firm.principal_name
    assert (PenaltyKind.SUSPENSION, PenaltyTarget.ENTERPRISE) in penalties and closed.is_double_penalty
    simple = EnforcementCase.objects.get(number="安应急罚〔2024〕13号")
    assert simple.state == CaseState.DELIVERED and simple.due_kind == RuleCode.PAYMENT and simple.due_on
    open_case = EnforcementCase.objects.get(number="安应急罚〔2024〕14号")
    assert open_case.state == CaseState.FILED and open_case.due_kind == RuleCode.DECISION_ORDINARY
    assert open_case.due_on > D(2026, 11, 30)
    created = ObjectChange.objects.get(message="台账导入", object_id=str(closed.pk), content_type__model="enforcementcase")
    assert created.postchange["officers"] == sorted([world.users.inspector.pk, world.users.inspector2.pk])
    assert created.postchange["state"] == CaseState.CLOSED and created.postchange["number"] == closed.number
    # a case filed later in 2024 is numbered after the imported ones
    assert services.next_number(2024) == (15, "安应急罚〔2024〕15号")


@pytest.mark.parametrize("over,column,message", [
    ({"enterprise": "91350100M000100Y43"}, "当事企业", "系统中没有企业“91350100M000100Y43”"),
    ({"department": "不存在的局"}, "处罚机关", "不存在或不在您的管辖范围内"),
    ({"filed_date": "2099-01-01", "investigated_date": "", "notified_date": "", "decided_date": "",
      "delivered_date": "", "executed_date": "", "closed_date": "", "fine": ""}, "立案日期", "日期不能晚于今天"),
    ({"decided_date": "2024-03-01"}, "处罚决定日期", "决定日期不能早于告知日期（2024-03-25）"),
    ({"procedure": "简易程序"}, "调查终结日期", "简易程序案件没有“调查取证”环节"),
    ({"decided_date": "", "delivered_date": "", "executed_date": "", "closed_date": ""}, "处罚决定日期",
     "登记了处罚，请填写处罚决定日期"),
    ({"fine": "-5"}, "罚款金额（元）", "0.01"),
    ({"other_penalties": "罚站"}, "其他处罚", "“罚站”不是可选的处罚种类"),
    ({"officers": "inspector"}, "承办执法人员", "执法人员不得少于两人"),
    ({"officers": "inspector、陌生人"}, "承办执法人员", "陌生人"),
    ({"filed_date": "三月四日"}, "立案日期", "日期格式应为"),
    ({"case_number": ""}, "案号", "“案号”不能为空"),
])
def test_each_kind_of_row_error_writes_nothing(world, firm, over, column, message):
    result = _run(world, [_row(world, firm, 1), _row(world, firm, 2, **over)])
    assert not result.ok
    assert any(row == 3 and col == column and message in msg for row, col, msg in result.errors), result.errors
    assert not EnforcementCase.objects.exists() and not Penalty.objects.exists() and not CaseStep.objects.exists()


def test_an_enterprise_outside_the_users_region_is_a_row_error(world, firm):
    other = make_enterprise(world, world.regions.township_b)
    result = _run(world, [_row(world, firm, 1), _row(world, other, 2)], user=world.users.township_a)
    assert [(r, c) for r, c, _m in result.errors if r == 3] == [(3, "当事企业")]
    assert not EnforcementCase.objects.exists()


def test_reimport_skips_the_cases_already_imported(world, firm):
    rows = [_row(world, firm, n) for n in (1, 2, 3)]
    assert _run(world, rows).created == 3
    again = _run(world, rows)
    assert again.ok and (again.created, again.skipped) == (0, 3)
    more = _run(world, [*rows, _row(world, firm, 4)])
    assert (more.created, more.skipped) == (1, 3)
    assert EnforcementCase.objects.count() == 4 and Penalty.objects.count() == 4 and CaseStep.objects.count() == 28


def test_template_has_the_ledger_columns(world):
    book = openpyxl.load_workbook(io.BytesIO(imports.get(SPEC).template_xlsx()))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[0] == "案号"
    assert {"立案日期", "处罚决定日期", "结案日期", "罚款金额（元）", "主要负责人罚款（元）", "其他处罚"} <= set(headers)


def test_the_imported_year_shows_in_the_statistics(world, firm):
    rows = [_row(world, firm, n, fine=str(10000 * n)) for n in (1, 2, 3)]
    rows.append(_row(world, firm, 4, principal_fine="5000"))
    rows.append(_row(world, firm, 5, filed_date="2024-12-20", investigated_date="", notified_date="",
                     decided_date="", delivered_date="", executed_date="", closed_date="", fine=""))
    rows.append(_row(world, firm, 9, case_number="安应急罚〔2023〕9号", filed_date="2023-05-04",
                     investigated_date="2023-05-20", notified_date="2023-05-25", decided_date="2023-06-10",
                     delivered_date="2023-06-12", executed_date="2023-07-08", closed_date="2023-07-20", fine="7000"))
    assert _run(world, rows).ok
    s = enforcement_stats(world.users.admin, D(2024, 1, 1), D(2024, 12, 31))
    cur, prev = s["current"], s["previous"]
    assert (cur["cases_filed"], cur["cases_decided"], cur["cases_closed"]) == (5, 4, 4)
    assert cur["fines_total"] == Decimal("115000") and cur["double_penalty_cases"] == 1
    assert (prev["cases_filed"], prev["fines_total"]) == (1, Decimal("7000"))


def test_a_200_row_import_costs_a_constant_number_of_queries(world, firm, django_assert_max_num_queries):
    rows = [_row(world, firm, n, officers="inspector、inspector2", principal_fine="1000" if n % 2 else "")
            for n in range(1, 201)]
    _run(world, rows[:1])  # fills the permission and content-type caches
    with django_assert_max_num_queries(30):
        result = _run(world, rows[1:])
    assert result.ok and result.created == 199, result.errors[:3]


def test_web_upload_runs_the_job_and_audits_one_import_event_with_the_skipped_rows(world, firm, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yingji.platform.audit.models import AuditEvent
    from yingji.platform.core.models import ImportJob

    content = excel.write_xlsx([str(c.header) for c in imports.get(SPEC).columns], [_row(world, firm, 1)])
    client = client_for(world.users.inspector)
    assert client.get(f"/imports/{SPEC}/").status_code == 200
    assert client.get(f"/imports/{SPEC}/template.xlsx").status_code == 200
    assert client_for(world.users.township_a).get(f"/imports/{SPEC}/").status_code == 403
    for _time in ("first", "again"):
        r = client.post(f"/imports/{SPEC}/", {"file": SimpleUploadedFile("执法台账.xlsx", content)})
        assert r.status_code == 302
    first, second = ImportJob.objects.order_by("pk")
    assert (first.status, first.created_rows) == (ImportJob.Status.DONE, 1)
    assert (second.status, second.created_rows, second.skipped_rows) == (ImportJob.Status.DONE, 0, 1)
    events = list(AuditEvent.objects.filter(kind="import").order_by("pk"))
    assert [(e.detail["created"], e.detail["skipped"]) for e in events] == [(1, 0), (0, 1)]
    assert "另有 1 行此前已导入" in client.get(r["Location"]).content.decode()
    assert EnforcementCase.objects.count() == 1


def test_a_number_written_another_way_keeps_its_text_but_not_the_sequence(world, firm):
    assert _run(world, [_row(world, firm, 1)]).ok
    result = _run(world, [_row(world, firm, 1, case_number="安应急罚[2024]1号"), _row(world, firm, 2)])
    assert result.ok and result.created == 2, result.errors
    other = EnforcementCase.objects.get(number="安应急罚[2024]1号")
    assert (other.year, other.sequence) == (2024, None)
    assert EnforcementCase.objects.get(number="安应急罚〔2024〕2号").sequence == 2


def test_the_enterprise_may_be_written_by_its_full_name(world, firm):
    result = _run(world, [_row(world, firm, 1, enterprise=firm.name)])
    assert result.ok, result.errors
    assert EnforcementCase.objects.get().enterprise == firm
