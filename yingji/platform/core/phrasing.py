"""How the bureaus word their figures: year-on-year change (同比), 双下降, amounts in 万元 — the one phrasing module.

Every statistics page, API, report section and export that states money or a change on last year uses these
functions, so the same amount reads the same everywhere (a test checks 4,634,250 元 → 463.43 万元 on each).

- 万元: yuan / 10,000 rounded to two decimals ROUND_HALF_UP (`wan`, a Decimal), written without trailing zeros
  (`wan_text`: 463.43, 1000, 999.9).
- Percentages are rounded to one decimal with ROUND_HALF_UP (46.65 → 46.7); a whole number is written without ".0",
  as the bureaus write "同比下降30%" (黄岩区 2019) and "同比下降46.7%" in the same sentence.

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


def wan_people(n):
    """A count of people as the bureaus write large ones: 8,500 → "8500人", 123,456 → "12.3万人"."""
    if n >= 10000:
        return _("%(n)s万人") % {"n": number((Decimal(n) / TEN_THOUSAND).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))}
    return _("%(n)d人") % {"n": n}


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
