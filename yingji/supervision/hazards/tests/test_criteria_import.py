"""Administrators add the items of further 重大事故隐患判定标准 (or a revised standard) through the rule import of
系统管理 → 规则配置 (the generic import of every rule table, validated by the edit page's form)."""

import io

import pytest

from yingji.platform.core import excel, imports
from yingji.supervision.hazards.models import MajorHazardCriterion

pytestmark = pytest.mark.django_db
SPEC = "rules-majorhazardcriterion"


def _sheet(rows):
    spec = imports.get(SPEC)
    assert [c.header for c in spec.columns] == ["判定标准", "条款", "判定情形", "适用行业", "适用区划", "施行日期",
                                                "废止日期", "法律依据"]
    return spec, io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def test_administrator_adds_criteria_items(world):
    before = MajorHazardCriterion.objects.count()
    spec, f = _sheet([["其他", "第 1 项", "示例情形一", "烟花爆竹", "", "2026-01-01", "", "示例文号"],
                      ["工贸企业", "第四条第（一）项", "示例情形二", "工贸、城镇燃气", "浙江省", "2023-05-15", "",
                       "部令第10号"]])
    result = imports.run(spec, f, "c.xlsx", world.users.admin)
    assert result.ok, result.errors
    assert MajorHazardCriterion.objects.count() == before + 2
    item = MajorHazardCriterion.objects.get(item_no="第 1 项", standard="other")
    assert item.sectors == ["fireworks"] and item.applies_to("fireworks") and not item.applies_to("gas")
    local = MajorHazardCriterion.objects.get(item_no="第四条第（一）项")
    assert local.region == world.regions.province and local.sectors == ["industry_trade", "gas"]


def test_bad_rows_write_nothing(world):
    before = MajorHazardCriterion.objects.count()
    spec, f = _sheet([["其他", "第 1 项", "示例", "", "", "2026-01-01", "", "依据"],
                      ["不存在的标准", "第 2 项", "示例", "", "", "2026-01-01", "", "依据"],
                      ["其他", "第 3 项", "示例", "火星", "", "2026-01-01", "", "依据"],
                      ["化工和危险化学品", "第 1 项", "重复", "", "", "2017-11-13", "", "依据"],
                      ["其他", "第 4 项", "示例", "", "", "2026-01-01", "", ""]])
    result = imports.run(spec, f, "c.xlsx", world.users.admin)
    messages = {row: (col, msg) for row, col, msg in result.errors}
    assert messages[3][0] == "判定标准" and "不存在的标准" in messages[3][1]
    assert messages[4][0] == "适用行业" and "火星" in messages[4][1]
    assert "相同适用区划、相同施行日期" in messages[5][1]
    assert messages[6][0] == "法律依据"
    assert MajorHazardCriterion.objects.count() == before


def test_only_sysadmin_may_import_criteria(world, client_for):
    from django.urls import reverse

    assert client_for(world.users.inspector).get(reverse("core:import", args=[SPEC])).status_code == 403
    assert client_for(world.users.admin).get(reverse("core:import", args=[SPEC])).status_code == 200
