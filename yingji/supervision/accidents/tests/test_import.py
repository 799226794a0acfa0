"""The accident ledger import (历史事故台账): a bureau's past accidents with their real dates, first reports and
computed grades; all rows or none; a second import of the same file writes nothing twice."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import excel, imports
from yingji.supervision.accidents.choices import Grade, ReportKind
from yingji.supervision.accidents.models import Accident, AccidentReport
from yingji.supervision.accidents.stats import accident_stats
from yingji.supervision.enterprises.testing import make_enterprise

SPEC = "accidents"


def _ledger(rows):
    spec = imports.get(SPEC)
    return spec, io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def _row(world, n=1, **over):
    row = {"occurred_at": f"2024-03-{n % 28 + 1:02d} 14:30", "place": f"青石镇工业园区{n}号厂房",
           "region": world.regions.township_a.code, "enterprise": "", "unit_name": f"示例机械厂{n}",
           "department": "", "sector": "机械", "accident_type": "机械伤害", "deaths": "1", "missing": "0",
           "serious_injuries": "0", "injuries": "2", "direct_loss": "85.6", "summary": "操作工被卷入设备",
           "investigation_report_date": "", "first_reported_at": "", "reporter": ""}
    row.update(over)
    return [row[c.field] for c in imports.get(SPEC).columns]


def _run(world, rows, user=None):
    spec, f = _ledger(rows)
    return imports.run(spec, f, "事故台账.xlsx", user or world.users.admin)


def test_good_file_imports_accidents_with_grade_loss_and_first_report(world):
    enterprise = make_enterprise(world, world.regions.township_a)
    result = _run(world, [
        _row(world, 1, enterprise=enterprise.credit_code, unit_name="", deaths="3",
             first_reported_at="2024-03-02 15:00", reporter="企业安全员"),
        _row(world, 2, occurred_at="2024/7/9", region=world.regions.township_b.code, sector="道路交通",
             accident_type="车辆伤害", direct_loss="12.3456", first_reported_at="2024-07-09 08:00",
             investigation_report_date="2024-09-01"),
    ])
    assert result.ok, result.errors
    assert result.created == 2
    first, second = Accident.objects.order_by("occurred_at")
    assert timezone.localtime(first.occurred_at) == timezone.make_aware(datetime.datetime(2024, 3, 2, 14, 30))
    assert first.enterprise == enterprise and first.unit_name == enterprise.name
    assert first.department_id == enterprise.supervising_department_id
    assert first.direct_loss == Decimal("856000.00")
    assert first.grade == Grade.LARGER and "死亡3人" in first.grade_reason
    assert second.grade == Grade.ORDINARY and second.sector == "road_transport"
    assert second.direct_loss == Decimal("123456.00")
    assert second.investigation_report_date == datetime.date(2024, 9, 1)
    report = AccidentReport.objects.get(accident=first)
    assert report.kind == ReportKind.FIRST and report.reporter == "企业安全员"
    assert report.snapshot["deaths"] == 3 and report.deadline == first.occurred_at + datetime.timedelta(hours=1)
    assert report.is_late is False
    late = AccidentReport.objects.get(accident=second)  # reported 8 hours after midnight: 迟报
    assert late.is_late is True
    assert ObjectChange.objects.filter(message="台账导入", object_id=str(first.pk)).exists()


@pytest.mark.parametrize("over,column,message", [
    ({"region": "331098101000"}, "所在区划代码", "不在您的管辖范围内"),
    ({"enterprise": "91350100M000100Y43"}, "事故企业", "系统中没有企业“91350100M000100Y43”"),
    ({"sector": "捕鱼"}, "行业领域", "“捕鱼”不是可选值"),
    ({"occurred_at": "去年三月"}, "发生时间", "“发生时间”的格式应为"),
    ({"occurred_at": "2099-01-01"}, "发生时间", "事故发生时间不能晚于当前时间"),
    ({"serious_injuries": "3", "injuries": "1"}, "重伤人数", "重伤人数不能多于受伤人数"),
    ({"deaths": "-1"}, "死亡人数", "不能为负数"),
    ({"direct_loss": "很多"}, "直接经济损失（万元）", "应为数字"),
    ({"first_reported_at": "2024-03-01 08:00"}, "首报时间", "报告时间不能早于事故发生时间"),
    ({"department": "不存在的局"}, "行业主管部门", "不存在或不在您的管辖范围内"),
    ({"place": ""}, "发生地点", "“发生地点”不能为空"),
])
def test_each_kind_of_row_error_writes_nothing(world, over, column, message):
    result = _run(world, [_row(world, 1), _row(world, 2, **over)])
    assert not result.ok
    assert any(row == 3 and col == column and message in msg for row, col, msg in result.errors), result.errors
    assert not Accident.objects.exists() and not AccidentReport.objects.exists()


def test_the_same_accident_twice_in_a_file_is_an_error(world):
    result = _run(world, [_row(world, 1), _row(world, 1, occurred_at="2024-03-02 09:00")])
    assert [(r, c, m) for r, c, m in result.errors] == [(3, "发生地点", "与第 2 行重复")]
    assert not Accident.objects.exists()


def test_a_township_officer_imports_only_his_township(world):
    result = _run(world, [_row(world, 1), _row(world, 2, region=world.regions.township_b.code)],
                  user=world.users.township_a)
    assert [(r, c) for r, c, _m in result.errors] == [(3, "所在区划代码")]
    assert not Accident.objects.exists()


def test_reimport_skips_the_accidents_already_imported(world):
    rows = [_row(world, n, first_reported_at=f"2024-03-{n % 28 + 1:02d} 15:00") for n in (1, 2, 3)]
    assert _run(world, rows).created == 3
    again = _run(world, rows)
    assert again.ok and (again.created, again.skipped) == (0, 3)
    more = _run(world, [*rows, _row(world, 4)])
    assert more.ok and (more.created, more.skipped) == (1, 3)
    assert Accident.objects.count() == 4 and AccidentReport.objects.count() == 3


def test_template_has_the_ledger_columns(world):
    book = openpyxl.load_workbook(io.BytesIO(imports.get(SPEC).template_xlsx()))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[:3] == ["发生时间", "发生地点", "所在区划代码"]
    assert {"死亡人数", "受伤人数", "下落不明人数", "直接经济损失（万元）", "首报时间", "调查报告提交日期"} <= set(headers)


def test_the_imported_year_shows_in_the_statistics(world):
    rows = [_row(world, n, deaths="2" if n == 1 else "1") for n in range(1, 6)]
    rows.append(_row(world, 9, occurred_at="2023-05-05 10:00", deaths="4"))
    assert _run(world, rows).ok
    s = accident_stats(world.users.admin, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31),
                       world.regions.county)
    t = s["totals"]
    assert (t["count"], t["deaths"], t["injuries"]) == (5, 6, 10)
    assert (t["previous_count"], t["previous_deaths"]) == (1, 4)
    assert t["loss"] == "4280000.00" and t["loss_wan"] == "428"


def test_a_200_row_import_costs_a_constant_number_of_queries(world, django_assert_max_num_queries):
    enterprise = make_enterprise(world, world.regions.township_a)
    rows = [_row(world, n, occurred_at=f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d} 10:00", place=f"地点{n}",
                 enterprise=enterprise.credit_code if n % 2 else "",
                 first_reported_at=f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d} 10:30") for n in range(200)]
    _run(world, rows[:1])  # fills the permission and content-type caches
    with django_assert_max_num_queries(20):
        result = _run(world, rows[1:])
    assert result.ok and result.created == 199, result.errors[:3]


def test_an_accident_the_bureau_voided_is_not_imported_again(world):
    from yingji.platform.core.services import void_record

    assert _run(world, [_row(world, 1)]).ok
    void_record(Accident.objects.get(), actor=world.users.admin, reason="重复登记")
    again = _run(world, [_row(world, 1)])
    assert (again.created, again.skipped) == (0, 1) and Accident.objects.count() == 1


def test_rule_among_decides_as_rule_for_does(world):
    """The import reads the rule tables once and decides each row's rule in Python (core.rules.rule_among): the
    same rule as the one-query lookup for a county's own row, a sector's own row and the national ones."""
    from yingji.platform.core.rules import rule_among
    from yingji.supervision.accidents.choices import Duty, Sector
    from yingji.supervision.accidents.models import ReportingRule

    ReportingRule.objects.create(duty=Duty.UNIT_TO_COUNTY, hours=2, legal_basis="本县规定",
                                 region=world.regions.county, valid_from=datetime.date(2024, 6, 1))
    ReportingRule.objects.create(duty=Duty.SUPPLEMENT, hours=24 * 7, legal_basis="道路运输补报",
                                 sectors=[Sector.ROAD_TRANSPORT])
    rows = list(ReportingRule.objects.filter(voided_at__isnull=True).select_related("region"))
    for day in (datetime.date(2024, 3, 1), datetime.date(2024, 7, 1)):
        for region in (world.regions.township_a, world.regions.other_township, None):
            for duty in (Duty.UNIT_TO_COUNTY, Duty.SUPPLEMENT):
                for sector in (Sector.ROAD_TRANSPORT, Sector.MACHINERY):
                    expected = ReportingRule.objects.rule_for(day, region, narrow=sector, duty=duty)
                    assert rule_among(rows, day, region, narrow=sector, duty=duty) == expected
    assert rule_among(rows, datetime.date(2024, 7, 1), world.regions.township_a,
                      duty=Duty.UNIT_TO_COUNTY).legal_basis == "本县规定"
