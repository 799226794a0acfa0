"""How the bureaus word their figures: year-on-year change (同比), 双下降, amounts in 万元 — the one phrasing module.

Every statistics page, API, report section and export that states money or a change on last year uses these
functions, so the same amount reads the same everywhere (a test checks 4,634,250 元 → 463.43 万元 on each).

- 万元: yuan / 10,000 rounded to two decimals ROUND_HALF_UP (`wan`, a Decimal), written without trailing zeros
  (`wan_text`: 463.43, 1000, 999.9).
- Percentages are rounded to one decimal with ROUND_HALF_UP (46.65 → 46.7); a whole number is written without ".0",
  as the bureaus write "同比下降30%" (黄岩区 2019) and "同比下降46.7%" in the same sentence.

The rules of a report sentence (docs/reports.md, "Phrasing rules"; each has a test stating the exact sentence):

1. A total is stated as "共发生各类生产安全事故9起" (`ACCIDENT_TOTAL`, 腾冲市 2023).
2. 同比 of a count on a small base is the difference, not a percentage of it: last year's figure below
   `SMALL_BASE` (5) gives "同比增加1人" / "同比减少2起" (罗湖区 2023: "受伤人数增加1人" on 1, but "起数下降16.67%"
   on 6 and "死亡人数下降20%" on 5). Amounts (万元, 公顷 …) are always compared in percent (`change`).
3. Two figures falling (or rising) by the same percentage share one phrase: "1起，死亡1人，同比均下降50%"
   (黄岩区 2019; `with_changes`).
4. "事故起数和死亡人数实现双下降" when both fell (昌江区 2023).
5. A total comes before its breakdown: "民房倒损146间，其中倒塌3间、严重损坏20间、一般损坏123间" (`total_then_parts`).
6. One unit for one thing: events (事故, 自然灾害, 案件) are counted in 起, never 次 (`UNITS`, `unit_for`).
7. Large counts of people and households in 万, to two decimals without trailing zeros: 71,000人 → "7.1万人",
   122,200户 → "12.22万户" (腾冲市 2023) (`figure_text`, `WAN_UNITS`).

It lives in platform so that every domain can phrase its figures without importing analysis/ or another domain.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def number(value):
    """A figure as the bureaus write it: 8, 23.55, 204 (no trailing zeros, no thousands separators)."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    d = _dec(value)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    text = format(d.normalize(), "f")
    return text


def percent_change(current, previous):
    """The change on `previous` in percent, rounded to one decimal (ROUND_HALF_UP); None when previous is 0."""
    current, previous = _dec(current or 0), _dec(previous or 0)
    if previous == 0:
        return None
    return ((current - previous) * 100 / previous).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(part, whole):
    """part / whole in percent, one decimal (ROUND_HALF_UP); None when whole is 0."""
    part, whole = _dec(part or 0), _dec(whole or 0)
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def format_percent(value):
    """46.7 → "46.7", 50.0 → "50", -12.5 → "12.5" (the bureaus write 下降50%, not 50.0%)."""
    return number(abs(_dec(value)))


def yoy(current, previous):
    """同比下降46.7% / 同比上升25% / 同比持平 / 去年同期为0."""
    current, previous = _dec(current or 0), _dec(previous or 0)
    if current == previous:
        return _("同比持平")
    if previous == 0:
        return _("去年同期为0")
    change = percent_change(current, previous)
    if change < 0:
        return _("同比下降%(p)s%%") % {"p": format_percent(change)}
    return _("同比上升%(p)s%%") % {"p": format_percent(change)}


def double_decline(count, count_previous, deaths, deaths_previous):
    """True when both the number of accidents and the deaths fell (事故起数和死亡人数实现双下降)."""
    return count < count_previous and deaths < deaths_previous


def double_decline_phrase(count, count_previous, deaths, deaths_previous):
    if double_decline(count, count_previous, deaths, deaths_previous):
        return _("事故起数和死亡人数实现双下降")
    return ""


TEN_THOUSAND = Decimal(10000)


def yuan(amount):
    """An amount in 元 to the fen (two decimals, ROUND_HALF_UP), as a string: 1234.5 → "1234.50"."""
    return str(_dec(amount or 0).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP))


def wan(yuan):
    """Yuan → 万元 rounded to two decimals (ROUND_HALF_UP), as the bureaus state fines and losses: a Decimal."""
    return (_dec(yuan or 0) / TEN_THOUSAND).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)


def wan_text(yuan):
    """The 万元 figure as written: 4634250 → "463.43", 10000000 → "1000", 9999000 → "999.9"."""
    return number(wan(yuan))


def shown(value, unit=""):
    """A figure and its unit as a statistics table or a headline tile prints them: (text, unit). Amounts in 元 are
    written in 万元 by the one rule above (615200.00 元 → ("61.52", "万元")); every other figure without trailing
    zeros (78.0 % → "78", 12 起 → "12"); None → ("—", unit)."""
    if value is None:
        return "—", unit
    if unit == "元":
        return wan_text(value), "万元"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return number(value), unit
    return str(value), unit


def wan_people(n):
    """A count of people as the bureaus write large ones: 8,500 → "8500人", 123,456 → "12.3万人"."""
    if n >= 10000:
        return _("%(n)s万人") % {"n": number((Decimal(n) / TEN_THOUSAND).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))}
    return _("%(n)d人") % {"n": n}


# --- the phrasing rules of a report sentence (see the module docstring) ----------------------------------------
# 1. the lead of the accident paragraph, as 腾冲市 2023 writes it
ACCIDENT_TOTAL = "共发生各类生产安全事故"

# 2. a count whose same period last year is below this is compared by its difference ("同比增加1人"): a percentage
#    of 1 or 2 says more about the base than about safety (1 → 2 would read "同比上升100%")
SMALL_BASE = 5
# units of amounts, always compared in percent whatever the base
AMOUNT_UNITS = frozenset({"万元", "元", "亿元", "公顷", "亩", "公里", "千米", "米", "吨", "%"})


def _is_count(unit, *values):
    return unit not in AMOUNT_UNITS and all(_dec(v or 0) == _dec(v or 0).to_integral_value() for v in values)


def change(current, previous, unit=""):
    """同比 as a bureau states it: "同比下降46.7%" on a base of SMALL_BASE or more; "同比增加1人" / "同比减少2起"
    for a count whose last-year figure is below SMALL_BASE (a unit is needed); "同比持平" when equal."""
    current, previous = _dec(current or 0), _dec(previous or 0)
    if current == previous:
        return _("同比持平")
    if unit and previous < SMALL_BASE and _is_count(unit, current, previous):
        diff = number(abs(current - previous))
        if current > previous:
            return _("同比增加%(n)s%(unit)s") % {"n": diff, "unit": unit}
        return _("同比减少%(n)s%(unit)s") % {"n": diff, "unit": unit}
    return yoy(current, previous)


def same_change(first, first_previous, second, second_previous, unit_first="", unit_second=""):
    """3. "同比均下降50%" / "同比均上升25%" when both figures are compared in percent and changed by the same
    percentage; else ""."""
    pairs = ((first, first_previous, unit_first), (second, second_previous, unit_second))
    if any(_dec(p or 0) < SMALL_BASE and _is_count(u or "起", c, p) for c, p, u in pairs):
        return ""
    a, b = percent_change(first, first_previous), percent_change(second, second_previous)
    if a is None or b is None or a != b or a == 0:
        return ""
    if a < 0:
        return _("同比均下降%(p)s%%") % {"p": format_percent(a)}
    return _("同比均上升%(p)s%%") % {"p": format_percent(a)}


def with_changes(rows, separator="；"):
    """The items of "9起，同比下降50%；死亡10人，同比下降44.4%" from rows (lead, item, current, previous, unit),
    where item is the figure as printed (a string or a report Figure) and lead the words before it ("死亡"). Two
    rows that changed by the same percentage are joined as "1起，死亡1人，同比均下降50%" (rule 3)."""
    rows = list(rows)
    items = []
    if len(rows) == 2:
        (lead_a, item_a, cur_a, prev_a, unit_a), (lead_b, item_b, cur_b, prev_b, unit_b) = rows
        same = same_change(cur_a, prev_a, cur_b, prev_b, unit_a, unit_b)
        if same:
            return [i for i in (lead_a, item_a, "，", lead_b, item_b, "，", same) if i not in ("", None)]
    for n, (lead, item, current, previous, unit) in enumerate(rows):
        if n:
            items.append(separator)
        items += [i for i in (lead, item, "，", change(current, previous, unit)) if i not in ("", None)]
    return items


def total_then_parts(lead, total, parts, separator="、"):
    """5. The total before its breakdown: ("民房倒损", "146间", [("倒塌", "3间"), …]) → items of
    "民房倒损146间，其中倒塌3间、严重损坏20间、一般损坏123间". The caller leaves out the parts that are zero; a
    breakdown into one part equal to the whole says nothing more."""
    def flat(item):  # an item may be several: ("1户", "2间")
        return list(item) if isinstance(item, (list, tuple)) else [item]

    shown = [(label, flat(item)) for label, item in parts if item not in (None, "", [], ())]
    items = [lead, *flat(total)]
    whole = "".join(map(str, flat(total)))
    if shown and not (len(shown) == 1 and "".join(map(str, shown[0][1])) == whole):
        items.append("，其中")
        for n, (label, item) in enumerate(shown):
            items += ([separator] if n else []) + [label, *item]
    return items


# 6. one unit for one thing: the unit each thing a report counts is stated in
UNITS = {
    "生产安全事故": "起", "事故": "起", "自然灾害": "起", "灾害事件": "起", "违法案件": "起", "案件": "起",
    "森林火灾": "起", "隐患": "处", "监督检查": "次", "企业": "家", "生产经营单位": "家", "行政处罚决定": "件",
}


def unit_for(thing):
    """The unit `thing` is counted in (起 for 事故, 自然灾害, 案件 …); KeyError for a thing without one."""
    return UNITS[thing]


# 7. counts a bureau writes in 万 once they reach 10,000 (受灾人口7.1万人, 14.5万户, 12.22万户)
WAN_UNITS = frozenset({"人", "户", "人次", "间"})


def figure_text(value, unit):
    """A figure with its unit as printed: "8起", "23.55万元", and 71000人 → "7.1万人" (rule 7)."""
    if value is None:
        return ""
    if unit in WAN_UNITS and _dec(value) >= TEN_THOUSAND:
        return _("%(n)s万%(unit)s") % {
            "n": number((_dec(value) / TEN_THOUSAND).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)), "unit": unit}
    return f"{number(value)}{unit}"


CN_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n):
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for headings)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def join_list(items):
    """["a", "b", "c"] → "a、b、c" (the bureaus separate list items with 、)."""
    return "、".join(str(i) for i in items if i)
