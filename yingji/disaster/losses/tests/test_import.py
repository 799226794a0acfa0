"""The loss report ledger import (灾情报告台账): past disasters' township reports with the national indicators, the
events they name found or created with them; all rows or none; re-import skips what is there."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from yingji.disaster.losses.choices import LossReportKind
from yingji.disaster.losses.models import DisasterEvent, LossReport
from yingji.disaster.losses.stats import disaster_stats
from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import excel, imports

SPEC = "loss-reports"
FIELDS = {"event_name": "2024年第3号台风“格美”", "disaster_type": "台风", "event_started_at": "2024-07-25 20:00",
          "event_region": "", "kind": "核报", "reported_at": "2024-08-10 09:00", "reporter": "",
          "affected_population": "12000", "relocated": "3500", "collapsed_households": "2", "collapsed_rooms": "5",
          "direct_loss": "860.5", "loss_agriculture": "600", "loss_housing": "260.5", "note": ""}


def _ledger(rows):
    spec = imports.get(SPEC)
    return spec, io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def _row(world, **over):
    row = {**FIELDS, "region": world.regions.township_a.code, **over}
    return [row.get(c.field, "") for c in imports.get(SPEC).columns]


def _run(world, rows, user=None):
    spec, f = _ledger(rows)
    return imports.run(spec, f, "灾情台账.xlsx", user or world.users.admin)


def test_good_file_creates_the_events_and_their_reports(world):
    result = _run(world, [
        _row(world, kind="初报", reported_at="2024-07-26 06:00", direct_loss="0", loss_agriculture="0",
             loss_housing="0"),
        _row(world),
        _row(world, region=world.regions.township_b.code, affected_population="500", direct_loss="10",
             loss_agriculture="10", loss_housing="0", kind="初报"),
        _row(world, event_name="6·18暴雨洪涝", disaster_type="暴雨洪涝", event_started_at="2024/6/18",
             kind="初报", reported_at="2024-06-18 10:00"),
    ])
    assert result.ok, result.errors
    assert result.created == 4 and DisasterEvent.objects.count() == 2
    typhoon = DisasterEvent.objects.get(name="2024年第3号台风“格美”")
    assert typhoon.disaster_type == "typhoon" and typhoon.region == world.regions.county
    assert set(typhoon.townships.all()) == {world.regions.township_a, world.regions.township_b}
    assert timezone.localtime(typhoon.started_at) == timezone.make_aware(datetime.datetime(2024, 7, 25, 20))
    verified = LossReport.objects.get(event=typhoon, region=world.regions.township_a, kind=LossReportKind.VERIFIED)
    assert verified.affected_population == 12000 and verified.direct_loss == Decimal("860.5")
    initial = LossReport.objects.get(event=typhoon, region=world.regions.township_a, kind=LossReportKind.INITIAL)
    assert initial.deadline is not None and initial.is_late is True  # 10 hours after the start
    assert ObjectChange.objects.filter(message="台账导入", object_id=str(typhoon.pk)).exists()


def test_rows_for_an_event_already_in_the_system_join_it(world):
    assert _run(world, [_row(world, kind="初报", reported_at="2024-07-26 06:00")]).ok
    assert _run(world, [_row(world)]).created == 1
    assert DisasterEvent.objects.count() == 1 and LossReport.objects.count() == 2


@pytest.mark.parametrize("over,column,message", [
    ({"region": "331098101000"}, "乡镇区划代码", "不在您的管辖范围内"),
    ({"region": "331099101201"}, "乡镇区划代码", "不是乡镇"),
    ({"disaster_type": "陨石"}, "灾种", "“陨石”不是可选值"),
    ({"event_started_at": "七月"}, "灾害发生时间", "的格式应为"),
    ({"reported_at": "2024-07-01 08:00"}, "报告时间", "报告时间不能早于灾害发生时间"),
    ({"reported_at": "2099-01-01"}, "报告时间", "报告时间不能晚于当前时间"),
    ({"direct_loss": "900"}, "直接经济损失（万元）", "各分项之和"),
    ({"collapsed_households": "9"}, "倒塌房屋户数（户）", "户数不能多于间数"),
    ({"affected_population": "-3"}, "受灾人口（人）", "大于或等于0"),
    ({"kind": "续报"}, "报告类型", "该乡镇尚无初报"),
    ({"event_name": "白水镇山洪", "event_region": "331099102000"}, "", "该乡镇不在灾害事件所在的区划内"),
])
def test_each_kind_of_row_error_writes_nothing(world, over, column, message):
    first = _row(world, region=world.regions.township_b.code, kind="初报", reported_at="2024-07-26 06:00")
    result = _run(world, [first, _row(world, **{"kind": "初报", "reported_at": "2024-07-26 06:00", **over})])
    assert not result.ok
    assert any(row == 3 and message in msg and (col == column or not column) for row, col, msg in result.errors), \
        result.errors
    assert not LossReport.objects.exists() and not DisasterEvent.objects.exists()


def test_a_second_initial_report_of_a_township_is_refused(world):
    result = _run(world, [_row(world, kind="初报", reported_at="2024-07-26 06:00"),
                          _row(world, kind="初报", reported_at="2024-07-26 08:00")])
    assert any(r == 3 and "已有初报" in m for r, _c, m in result.errors), result.errors


def test_a_township_officer_cannot_create_events(world):
    result = _run(world, [_row(world, kind="初报", reported_at="2024-07-26 06:00")], user=world.users.township_a)
    assert any(c == "灾害名称" and "没有登记灾害事件的权限" in m for _r, c, m in result.errors), result.errors


def test_reimport_skips_the_reports_already_imported(world):
    rows = [_row(world, kind="初报", reported_at="2024-07-26 06:00"), _row(world),
            _row(world, region=world.regions.township_b.code, kind="初报")]
    assert _run(world, rows).created == 3
    again = _run(world, rows)
    assert again.ok and (again.created, again.skipped) == (0, 3), again.errors
    assert LossReport.objects.count() == 3 and DisasterEvent.objects.count() == 1


def test_template_has_the_indicator_columns(world):
    book = openpyxl.load_workbook(io.BytesIO(imports.get(SPEC).template_xlsx()))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[:3] == ["灾害名称", "灾种", "灾害发生时间"]
    assert {"受灾人口（人）", "紧急转移安置人口（人）", "倒塌房屋间数（间）", "直接经济损失（万元）"} <= set(headers)


def test_the_imported_year_shows_in_the_statistics(world):
    rows = [_row(world, kind="初报", reported_at="2024-07-26 06:00", affected_population="100"), _row(world),
            _row(world, region=world.regions.township_b.code, kind="初报", affected_population="800",
                 relocated="0", collapsed_households="0", collapsed_rooms="0", direct_loss="40",
                 loss_agriculture="40", loss_housing="0"),
            _row(world, event_name="2023年洪涝", disaster_type="暴雨洪涝", event_started_at="2023-06-01",
                 kind="初报", reported_at="2023-06-02 08:00", affected_population="5000")]
    assert _run(world, rows).ok
    s = disaster_stats(world.users.admin, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31),
                       world.regions.county)
    f = {row["key"]: row for row in s["figures"]}
    assert f["events"]["value"] == 1 and f["townships"]["value"] == 2
    assert f["affected_population"]["value"] == 12800 and f["affected_population"]["previous"] == 5000
    assert f["relocated"]["value"] == 3500 and f["collapsed_rooms"]["value"] == 5
    assert f["direct_loss"]["value"] == "900.50"


def test_a_200_row_import_costs_a_constant_number_of_queries(world, django_assert_max_num_queries):
    rows = []
    for n in range(200):
        township = world.regions.township_a if n % 2 else world.regions.township_b
        rows.append(_row(world, event_name=f"2024年灾害{n // 2}", event_started_at=f"2024-{n % 12 + 1:02d}-01",
                         region=township.code, kind="初报", reported_at=f"2024-{n % 12 + 1:02d}-02 08:00"))
    _run(world, [_row(world, event_name="预热", kind="初报")])  # fills the permission and content-type caches
    with django_assert_max_num_queries(25):
        result = _run(world, rows)
    assert result.ok and result.created == 200, result.errors[:3]
