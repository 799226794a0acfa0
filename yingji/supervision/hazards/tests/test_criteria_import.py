import io

import pytest

from yingji.platform.core import excel, imports
from yingji.supervision.hazards.models import MajorHazardCriterion

pytestmark = pytest.mark.django_db


def _sheet(rows):
    spec = imports.get("hazard-criteria")
    return spec, io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def test_administrator_adds_criteria_items(world):
    before = MajorHazardCriterion.objects.count()
    spec, f = _sheet([["其他", "第 1 项", "示例情形一", "烟花爆竹", "示例文号", "2026-01-01", ""],
                      ["工贸企业", "第四条第（一）项", "示例情形二", "工贸", "部令第10号", "2023-05-15", ""]])
    result = imports.run(spec, f, "c.xlsx", world.users.admin)
    assert result.ok, result.errors
    assert MajorHazardCriterion.objects.count() == before + 2
    item = MajorHazardCriterion.objects.get(item_no="第 1 项", standard="other")
    assert item.sectors == "fireworks" and item.applies_to("fireworks") and not item.applies_to("gas")


def test_bad_rows_write_nothing(world):
    before = MajorHazardCriterion.objects.count()
    spec, f = _sheet([["其他", "第 1 项", "示例", "", "", "2026-01-01", ""],
                      ["不存在的标准", "第 2 项", "示例", "", "", "2026-01-01", ""],
                      ["其他", "第 3 项", "示例", "火星", "", "2026-01-01", ""],
                      ["化工和危险化学品", "第 1 项", "重复", "", "", "2017-11-13", ""]])
    result = imports.run(spec, f, "c.xlsx", world.users.admin)
    messages = {row: msg for row, _col, msg in result.errors}
    assert "无法识别的判定标准" in messages[3]
    assert "无法识别的行业类别" in messages[4]
    assert "已存在" in messages[5]
    assert MajorHazardCriterion.objects.count() == before


def test_only_sysadmin_may_import_criteria(world, client_for):
    from django.urls import reverse

    assert client_for(world.users.inspector).get(reverse("core:import", args=["hazard-criteria"])).status_code == 403
    assert client_for(world.users.admin).get(reverse("core:import", args=["hazard-criteria"])).status_code == 200
