"""The phrasing rules of a report sentence (core/phrasing.py, docs/reports.md "Phrasing rules"): one test per rule,
each stating the exact sentence a bureau would write."""

from decimal import Decimal

import pytest

from yingji.platform.core import phrasing
from yingji.platform.core.reports import Figure


def sentence(*items):
    return "".join(str(i) for i in items)


def test_rule_1_the_total_of_accidents():
    # 腾冲市 2023: "2023年全市共发生各类生产安全事故9起，同比下降50%；死亡10人，同比下降44.4%。"
    items = phrasing.with_changes([("", "9起", 9, 18, "起"), ("死亡", "10人", 10, 18, "人")])
    assert sentence("2023年，全市", phrasing.ACCIDENT_TOTAL, *items, "。") == \
        "2023年，全市共发生各类生产安全事故9起，同比下降50%；死亡10人，同比下降44.4%。"


@pytest.mark.parametrize("current,previous,unit,expected", [
    (2, 1, "人", "同比增加1人"),      # 罗湖区 2023: 受伤人数增加1人 (on 1)
    (1, 3, "起", "同比减少2起"),
    (0, 4, "起", "同比减少4起"),      # below SMALL_BASE (5): the difference
    (3, 0, "人", "同比增加3人"),      # not "去年同期为0"
    (4, 5, "人", "同比下降20%"),      # 罗湖区 2023: 死亡人数下降20% (on 5)
    (5, 6, "起", "同比下降16.7%"),    # on 6: a percentage
    (2, 2, "起", "同比持平"),
    (Decimal("1.5"), Decimal("1"), "万元", "同比上升50%"),  # an amount is always a percentage
    (2, 1, "", "同比上升100%"),       # without a unit there is nothing to count the difference in
])
def test_rule_2_a_small_base_is_compared_by_its_difference(current, previous, unit, expected):
    assert phrasing.change(current, previous, unit) == expected


def test_rule_2_in_a_sentence():
    # 罗湖区 2023: "发生生产安全事故5起，死亡4人，受伤2人……受伤人数增加1人"
    items = phrasing.with_changes([("受伤", "2人", 2, 1, "人")])
    assert sentence("；", *items, "。") == "；受伤2人，同比增加1人。"


def test_rule_3_both_falling_by_the_same_rate_share_one_phrase():
    # 黄岩区 2019: "发生工矿商贸安全事故1起，死亡1人，同比均下降50%" (here on a base above SMALL_BASE)
    items = phrasing.with_changes([("", "5起", 5, 10, "起"), ("死亡", "6人", 6, 12, "人")])
    assert sentence("工矿商贸领域共发生事故", *items, "。") == "工矿商贸领域共发生事故5起，死亡6人，同比均下降50%。"
    assert phrasing.same_change(12, 10, 6, 5, "起", "人") == "同比均上升20%"
    # different rates, or a small base: each its own phrase
    assert phrasing.same_change(9, 18, 10, 18) == ""
    assert sentence(*phrasing.with_changes([("", "1起", 1, 2, "起"), ("死亡", "1人", 1, 2, "人")])) == \
        "1起，同比减少1起；死亡1人，同比减少1人"


def test_rule_4_double_decline():
    # 昌江区 2023: 与去年同比事故起数和死亡人数实现了“双下降”
    assert sentence("2023年，全区未发生生产安全事故（去年同期发生2起，死亡1人），",
                    phrasing.double_decline_phrase(0, 2, 0, 1), "。") == \
        "2023年，全区未发生生产安全事故（去年同期发生2起，死亡1人），事故起数和死亡人数实现双下降。"
    assert phrasing.double_decline_phrase(9, 18, 18, 18) == ""


def test_rule_5_the_total_before_its_breakdown():
    # 腾冲市 2023: 民房倒损146间
    items = phrasing.total_then_parts("民房倒损", "146间", [("倒塌", "3间"), ("严重损坏", "20间"), ("一般损坏", "123间")])
    assert sentence(*items) == "民房倒损146间，其中倒塌3间、严重损坏20间、一般损坏123间"
    # one part that is the whole says nothing more
    assert sentence(*phrasing.total_then_parts("民房倒损", "8间", [("一般损坏", "8间")])) == "民房倒损8间"


def test_rule_6_one_unit_for_one_thing():
    assert {phrasing.unit_for(t) for t in ("生产安全事故", "自然灾害", "违法案件")} == {"起"}
    assert phrasing.unit_for("隐患") == "处"
    with pytest.raises(KeyError):
        phrasing.unit_for("花絮")


@pytest.mark.parametrize("value,unit,expected", [
    (71000, "人", "7.1万人"),          # 腾冲市 2023: 受灾人口7.1万人
    (71234, "人", "7.12万人"),
    (122200, "户", "12.22万户"),       # 腾冲市 2023: 共12.22万户城乡居民积极参保
    (14500, "户", "1.45万户"),
    (9999, "人", "9999人"),
    (10000, "人次", "1万人次"),
    (Decimal("4634.2"), "万元", "4634.2万元"),  # an amount already in 万元 is written as it is
    (12000, "起", "12000起"),
])
def test_rule_7_large_counts_in_wan(value, unit, expected):
    assert phrasing.figure_text(value, unit) == expected
    assert Figure(value, unit, "x").text == expected
