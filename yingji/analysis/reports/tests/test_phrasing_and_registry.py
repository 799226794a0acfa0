from decimal import Decimal

import pytest

from yingji.platform.core import phrasing
from yingji.platform.core import reports as registry
from yingji.platform.core.reports import Figure, P


@pytest.mark.parametrize("current,previous,expected", [
    (8, 15, "同比下降46.7%"),  # 黄岩区 2019: 8 accidents against 15
    (7, 10, "同比下降30%"),  # a whole percentage is written without ".0"
    (1, 2, "同比下降50%"),
    (5, 4, "同比上升25%"),
    (4, 3, "同比上升33.3%"),
    (3, 3, "同比持平"),
    (0, 0, "同比持平"),
    (2, 0, "去年同期为0"),
    (0, 4, "同比下降100%"),
    (Decimal("23.55"), Decimal("10"), "同比上升135.5%"),
])
def test_year_on_year_wording(current, previous, expected):
    assert phrasing.yoy(current, previous) == expected


def test_percentages_round_half_up_to_one_decimal():
    # 2001 on 2000 is +0.05%: half up gives 0.1 (banker's rounding would give 0.0)
    assert phrasing.percent_change(2001, 2000) == Decimal("0.1")
    assert phrasing.yoy(2001, 2000) == "同比上升0.1%"
    # 1 on 6 is -83.333…
    assert phrasing.percent_change(1, 6) == Decimal("-83.3")
    assert phrasing.percent(2, 3) == Decimal("66.7")
    assert phrasing.percent(1, 0) is None


def test_double_decline():
    assert phrasing.double_decline_phrase(8, 15, 7, 10) == "事故起数和死亡人数实现双下降"
    assert phrasing.double_decline_phrase(0, 2, 0, 1) == "事故起数和死亡人数实现双下降"
    assert phrasing.double_decline_phrase(8, 15, 10, 10) == ""
    assert phrasing.double_decline_phrase(0, 0, 0, 0) == ""


def test_numbers_amounts_and_numerals():
    assert phrasing.number(8) == "8"
    assert phrasing.number(Decimal("23.550")) == "23.55"
    assert phrasing.number(Decimal("204.00")) == "204"
    assert phrasing.wan(Decimal("235500")) == Decimal("23.55")
    assert phrasing.wan(12345) == Decimal("1.23")
    assert phrasing.wan(12355) == Decimal("1.24")  # half up
    assert [phrasing.chinese_numeral(n) for n in (1, 4, 10, 12, 20, 21)] == ["一", "四", "十", "十二", "二十",
                                                                              "二十一"]


def test_part_names_are_normalised():
    assert registry.part_key("一、安全生产基本情况") == "situation"
    assert registry.part_key("二、主要工作") == "work"
    assert registry.part_key("三、存在的问题") == "problems"
    assert registry.part_key("四、2024年工作打算") == "plan"
    assert registry.part_key("work") == "work"
    with pytest.raises(ValueError):
        registry.part_key("五、花絮")


def test_paragraph_and_figure_text():
    f = Figure(Decimal("23.55"), "万元", "罚没金额", "/x/", previous=Decimal("10"))
    p = P("罚没金额累计", f, "，", f.change, "。", title="严格行政执法")
    assert p.text == "罚没金额累计23.55万元，同比上升135.5%。"
    assert p.figures == [f]


def test_installed_modules_sections_are_discovered():
    keys = [s.key for s in registry.sections()]
    # the report's own narrative parts and platform section, and the enterprises module's report.py
    for key in ("intro", "party", "problems", "plan", "platform", "enterprises"):
        assert key in keys
    # report order: opening, then 一 situation, 二 work, 三 problems, 四 plan
    parts = [registry.PARTS[s.part][1] for s in registry.sections()]
    assert parts == sorted(parts)
    assert registry.get("party").narrative_only and not registry.get("enterprises").narrative_only
