"""约谈、曝光等措施台账 import: past measures by their dates, all rows or none, re-import skipped, the township's scope,
no query per row, and the year's enforcement figures."""

import datetime
import io

import pytest

from yingji.platform.core import excel, imports
from yingji.supervision.enforcement.choices import MeasureKind
from yingji.supervision.enforcement.models import Measure
from yingji.supervision.enforcement.stats import figures
from yingji.supervision.enterprises.testing import make_enterprise

pytestmark = pytest.mark.django_db
SPEC = "enforcement-measures"


@pytest.fixture
def ents(world):
    return (make_enterprise(world, world.regions.township_a, name="青石化工有限公司"),
            make_enterprise(world, world.regions.township_b, name="白水五金厂"))


def _row(world, ent, day="2024-05-20", **over):
    row = {"date": day, "kind": "约谈", "enterprise": ent.credit_code, "department": world.orgs.bureau.name,
           "case": "", "note": "约谈企业主要负责人"}
    row.update(over)
    return [row[c.field] for c in imports.get(SPEC).columns]


def _run(rows, user):
    spec = imports.get(SPEC)
    data = excel.write_xlsx([str(c.header) for c in spec.columns], rows)
    return imports.run(spec, io.BytesIO(data), "措施.xlsx", user)


def test_good_file_and_the_figures_of_its_year(world, ents):
    a, b = ents
    rows = [_row(world, a), _row(world, a, "2024-08-01", kind="曝光", note="县融媒体中心曝光"),
            _row(world, b, "2024-09-09", department="县住建局"), _row(world, b, "2023-02-01")]
    result = _run(rows, world.users.inspector)
    assert result.ok, result.errors
    assert result.created == 4
    m = Measure.objects.get(kind=MeasureKind.EXPOSURE)
    assert (m.date, m.region, m.department) == (datetime.date(2024, 8, 1), world.regions.township_a, world.orgs.bureau)
    year = figures(world.users.leader, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert (year["interviews"], year["exposures"]) == (2, 1)


def test_reimport_skips_the_rows_already_imported(world, ents):
    a, b = ents
    rows = [_row(world, a), _row(world, b)]
    assert _run(rows, world.users.inspector).created == 2
    again = _run([*rows, _row(world, a, kind="曝光")], world.users.inspector)
    assert again.ok and (again.created, again.skipped) == (1, 2)
    assert Measure.objects.count() == 3


ERRORS = [
    ({"date": "2099-01-01"}, "日期", "日期不能晚于今天"),
    ({"kind": "警告"}, "措施", "“警告”不是可选值"),
    ({"department": "不存在的局"}, "实施单位", "实施单位“不存在的局”不存在或不在您的管辖范围内"),
    ({"case": "安澜应急罚〔2024〕99号"}, "关联案件编号", "案件编号 安澜应急罚〔2024〕99号 不存在或不在您的管辖范围内"),
    ({"enterprise": "无此企业"}, "企业", "系统中没有企业“无此企业”"),
]


@pytest.mark.parametrize("over,column,message", ERRORS, ids=[e[2][:10] for e in ERRORS])
def test_each_kind_of_row_error_writes_nothing(world, ents, over, column, message):
    a, _b = ents
    result = _run([_row(world, a, "2024-01-02"), _row(world, a, **over)], world.users.inspector)
    hits = [(r, c, m) for r, c, m in result.errors if message in m]
    assert hits and hits[0][:2] == (3, column), result.errors
    assert not Measure.objects.exists()


def test_another_countys_administrator_cannot_import_measures_of_this_county(world, ents):
    """(A township office does not record measures at all: its import page is 403, see the template test.)"""
    a, b = ents
    result = _run([_row(world, a), _row(world, b)], world.users.outsider)
    assert {(r, c) for r, c, _m in result.errors} == {(2, "企业"), (3, "企业"), (2, "实施单位"), (3, "实施单位")}
    assert not Measure.objects.exists()


def test_template_download(world, client_for):
    r = client_for(world.users.inspector).get("/imports/enforcement-measures/template.xlsx")
    header, _rows = excel.read_rows(io.BytesIO(r.content), "t.xlsx")
    assert header == ["日期", "措施", "企业", "实施单位", "关联案件编号", "情况说明"]
    assert client_for(world.users.township_a).get("/imports/enforcement-measures/").status_code == 403


def test_200_rows_cost_no_query_per_row(world, ents, django_assert_max_num_queries):
    a, _b = ents
    _run([_row(world, a, "2022-01-01")], world.users.inspector)
    start = datetime.date(2024, 1, 1)
    rows = [_row(world, a, (start + datetime.timedelta(days=n)).isoformat()) for n in range(200)]
    with django_assert_max_num_queries(11):  # PostgreSQL: +1, the savepoint round COPY (core/imports.py)
        result = _run(rows, world.users.inspector)
    assert result.ok and result.created == 200
