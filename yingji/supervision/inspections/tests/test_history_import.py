"""历史监督检查记录 import: past inspections with their inspectors and the hazards they found, all rows or none,
re-import skipped, the township's scope, no query per row, and the statistics of the year."""

import datetime
import io

import pytest

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import excel, imports
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.hazards.choices import HazardSource
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.inspections.choices import InspectionKind
from yingji.supervision.inspections.models import Inspection, InspectorCertificate
from yingji.supervision.inspections.stats import inspection_stats

pytestmark = pytest.mark.django_db

SPEC = "inspections-history"


@pytest.fixture
def ents(world):
    a = make_enterprise(world, world.regions.township_a, name="青石化工有限公司")
    b = make_enterprise(world, world.regions.township_b, name="白水五金厂")
    for n, person in enumerate((world.users.inspector, world.users.inspector2)):
        InspectorCertificate.objects.create(user=person, region=person.region, certificate_no=f"3310990000{n}",
                                            valid_from=datetime.date(2022, 1, 1),
                                            valid_until=datetime.date(2026, 12, 31))
    world.users.inspector.full_name = "张伟"
    world.users.inspector.save()
    return a, b


def _row(ent, day="2024-04-12", **over):
    row = {"inspected_on": day, "enterprise": ent.credit_code, "kind": "执法检查", "inspectors": "张伟、inspector2",
           "site_contact": "陈经理", "findings": "消防通道堵塞", "hazards": "", "order_items": "", "rectify_deadline": "",
           "document_no": ""}
    row.update(over)
    return [row[c.field] for c in imports.get(SPEC).columns]


def _file(rows):
    spec = imports.get(SPEC)
    return io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def _run(rows, user):
    return imports.run(imports.get(SPEC), _file(rows), "检查记录.xlsx", user)


def test_good_file_with_inspectors_and_the_hazards_found(world, ents):
    a, b = ents
    h1 = Hazard.objects.create(enterprise=a, ledger_no="2024-YH-0001", description="消防通道堵塞", category="fire",
                               source=HazardSource.DEPARTMENT, found_on=datetime.date(2024, 4, 12))
    h2 = Hazard.objects.create(enterprise=a, ledger_no="2024-YH-0002", description="配电箱未上锁",
                               category="electrical", source=HazardSource.DEPARTMENT,
                               found_on=datetime.date(2024, 4, 12))
    rows = [_row(a, hazards="2024-YH-0001、2024-YH-0002", order_items="疏通消防通道", rectify_deadline="2024-04-30",
                 document_no="安澜应急现检〔2024〕12号"),
            _row(b, "2024/6/3", kind="企业自查", inspectors=""),
            _row(a, "2023-11-02", kind="专项检查", inspectors="张伟")]
    result = _run(rows, world.users.inspector)
    assert result.ok, result.errors
    assert (result.created, result.skipped) == (3, 0)
    first = Inspection.objects.get(document_no="安澜应急现检〔2024〕12号")
    assert first.inspected_on == datetime.date(2024, 4, 12) and first.region == world.regions.township_a
    assert set(first.inspectors.all()) == {world.users.inspector, world.users.inspector2}
    assert set(first.hazards.all()) == {h1, h2} and first.reviewed_at is None
    created = ObjectChange.objects.get(object_id=str(first.pk), content_type__model="inspection")
    assert (created.action, created.message) == (ObjectChange.Action.CREATE, "台账导入")
    assert created.postchange["inspectors"] == sorted([world.users.inspector.pk, world.users.inspector2.pk])
    assert created.postchange["hazards"] == sorted([h1.pk, h2.pk])
    assert Inspection.objects.get(enterprise=b).kind == InspectionKind.SELF
    assert Inspection.objects.get(kind=InspectionKind.SPECIAL).inspected_on.year == 2023


def test_reimport_skips_the_rows_already_imported(world, ents):
    a, b = ents
    rows = [_row(a), _row(b, document_no="12号")]
    assert _run(rows, world.users.inspector).created == 2
    again = _run(rows, world.users.inspector)
    assert again.ok and (again.created, again.skipped) == (0, 2)
    more = _run([*rows, _row(a, "2024-05-01")], world.users.inspector)
    assert (more.created, more.skipped) == (1, 2)
    assert Inspection.objects.count() == 3
    assert Inspection.inspectors.through.objects.count() == 6


ERRORS = [
    ({"inspected_on": "2099-01-01"}, "检查日期", "检查日期不能晚于今天"),
    ({"inspected_on": ""}, "检查日期", "“检查日期”不能为空"),
    ({"inspectors": "张伟"}, "检查人员", "执法检查须由至少 2 名执法人员进行"),
    ({"inspectors": ""}, "检查人员", "执法检查须由至少 2 名执法人员进行"),
    ({"inspected_on": "2021-06-01"}, "检查人员", "执法检查人员须持有检查当日有效的行政执法证，以下人员没有：inspector2、张伟"),
    ({"inspectors": "张伟、王五"}, "检查人员", "检查人员“王五”不是系统中可担任检查人员的在岗账号"),
    ({"kind": "夜查"}, "检查方式", "“夜查”不是可选值"),
    ({"order_items": "疏通消防通道"}, "整改期限", "填写了责令整改事项时须填写整改期限"),
    ({"rectify_deadline": "2024-04-01"}, "整改期限", "整改期限不能早于检查日期"),
    ({"hazards": "2024-YH-9999"}, "发现隐患编号", "隐患编号 2024-YH-9999 不存在或不在您的管辖范围内"),
    ({"enterprise": "无此企业"}, "被检查单位", "系统中没有企业“无此企业”"),
]


@pytest.mark.parametrize("over,column,message", ERRORS, ids=[e[2][:14] for e in ERRORS])
def test_each_kind_of_row_error_writes_nothing(world, ents, over, column, message):
    a, _b = ents
    result = _run([_row(a, "2024-01-05"), _row(a, **over)], world.users.inspector)
    hits = [(r, c, m) for r, c, m in result.errors if message in m]
    assert hits and hits[0][:2] == (3, column), result.errors
    assert not Inspection.objects.exists() and not Inspection.inspectors.through.objects.exists()


def test_a_hazard_of_another_enterprise_is_refused(world, ents):
    a, b = ents
    Hazard.objects.create(enterprise=b, ledger_no="2024-YH-0009", description="x", category="fire",
                          source=HazardSource.DEPARTMENT, found_on=datetime.date(2024, 4, 1))
    result = _run([_row(a, hazards="2024-YH-0009")], world.users.inspector)
    assert result.errors == [(2, "发现隐患编号", "只能关联被检查单位的隐患")]


def test_the_same_inspection_twice_in_the_file(world, ents):
    a, _b = ents
    result = _run([_row(a), _row(a)], world.users.inspector)
    assert result.errors == [(3, "检查日期", "与第 2 行重复")] and not Inspection.objects.exists()


def test_a_township_officer_cannot_import_inspections_of_another_township(world, ents):
    a, b = ents
    result = _run([_row(a, kind="督导检查"), _row(b, kind="督导检查")], world.users.township_a)
    assert result.errors == [(3, "被检查单位", f"企业“{b.credit_code}”不在您的管辖范围内")]
    assert not Inspection.objects.exists()


def test_template_download_has_the_columns(world, client_for):
    r = client_for(world.users.inspector).get("/imports/inspections-history/template.xlsx")
    assert r.status_code == 200
    header, _rows = excel.read_rows(io.BytesIO(r.content), "t.xlsx")
    assert header == ["检查日期", "被检查单位", "检查方式", "检查人员", "被检查单位现场负责人", "检查情况及发现的问题",
                      "发现隐患编号", "责令整改事项", "整改期限", "文书编号"]
    assert client_for(world.users.auditor).get("/imports/inspections-history/template.xlsx").status_code == 403


def test_the_statistics_of_the_imported_year(world, ents):
    """The inspection statistics of 2024 count the imported inspections of 2024, against 2023."""
    a, b = ents
    rows = [_row(a, f"2024-{m:02d}-10") for m in range(1, 7)] + [_row(b, "2024-07-01", kind="企业自查", inspectors="")]
    rows += [_row(a, "2023-03-01")]
    assert _run(rows, world.users.inspector).created == 8
    stats = inspection_stats(world.users.leader, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert (stats["inspections"], stats["places"], stats["last_year"]["inspections"]) == (7, 2, 1)
    kinds = {r["key"]: r["inspections"] for r in stats["results"] if r["dimension"] == "kind"}
    assert (kinds["enforcement"], kinds["self"]) == (6, 1)


def test_200_rows_cost_no_query_per_row(world, ents, django_assert_max_num_queries):
    a, b = ents
    for n in range(1, 201):
        Hazard.objects.create(enterprise=a, ledger_no=f"H{n}", description="x", category="fire",
                              source=HazardSource.DEPARTMENT, found_on=datetime.date(2024, 1, 1))
    _run([_row(b, "2022-01-03")], world.users.inspector)  # fills the permission and content-type caches
    start = datetime.date(2024, 1, 1)
    rows = [_row(a, (start + datetime.timedelta(days=n)).isoformat(), hazards=f"H{n}") for n in range(1, 201)]
    # 12 before the statistics rollup, +2 for counting the new inspections in it (core.rollups.inserted: one grouped
    # count of the 200 new rows, one INSERT … ON CONFLICT of their cells): a constant, not a query per row
    with django_assert_max_num_queries(15):  # PostgreSQL: +1, the savepoint round COPY (core/imports.py)
        result = _run(rows, world.users.inspector)
    assert result.ok and result.created == 200, result.errors[:3]
    assert Inspection.hazards.through.objects.count() == 200
