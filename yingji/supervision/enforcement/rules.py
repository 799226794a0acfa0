"""Time limits of the procedure, read from TimeLimitRule rows (never constants in code).

Working days (行政处罚法 Art. 85: 二日、三日、五日、七日 count working days, 不含法定节假日) are counted on the holiday
calendar of yingji.platform.workdays: a 放假 day is not a working day, a Saturday or Sunday marked 调休上班 is one. A
year with no day in the calendar is counted Monday to Friday; `calendar_gap()` names such years so that a page can
say the limit ignores their holidays.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingji.platform.workdays import services as workdays

from .choices import DayKind, DecisionExtension, Procedure, RuleCode
from .models import TimeLimitRule


def rule_for(code, on, region=None):
    """The rule `code` in force on the date `on` (for `region`: its own or its province's row before the national
    one; see yingji.platform.core.rules), or ValidationError when none is."""
    rule = TimeLimitRule.objects.rule_for(on, region, code=code)
    if rule is None:
        raise ValidationError(_("没有 %(d)s 施行的“%(r)s”规则，请管理员在执法时限规则中补充") % {
            "d": on.strftime("%Y-%m-%d"), "r": RuleCode(code).label})
    return rule


def add_days(start, days, kind):
    """The date `days` natural or working days after `start`."""
    if kind != DayKind.WORKING:
        return start + datetime.timedelta(days=days)
    return workdays.add_working_days(start, days)


def days_between(start, end, kind):
    """How many natural or working days from `start` to `end` (end counted, start not)."""
    if kind != DayKind.WORKING:
        return (end - start).days
    return workdays.working_days_between(start, end)


def calendar_gap(start, end, kind):
    """The years from `start` to `end` whose holidays are not in the calendar, for a limit counted in working days
    (such a year is counted Monday to Friday); [] for natural days."""
    if kind != DayKind.WORKING or start is None or end is None:
        return []
    return workdays.missing_years(start, end)


def calendar_gap_text(years):
    """"（2027年节假日安排未录入，按星期一至星期五计算）", or "" when no year is missing."""
    if not years:
        return ""
    return _("（%(y)s年节假日安排未录入，暂按星期一至星期五计算）") % {"y": "、".join(str(y) for y in years)}


def deadline(code, start, on=None, region=None):
    """(due date, rule): the limit `code` in force on `on` (default `start`) in `region`, counted from `start`."""
    rule = rule_for(code, on or start, region)
    return add_days(start, rule.days or 0, rule.day_kind), rule


def decision_rule_code(procedure, extension):
    if procedure == Procedure.SIMPLE:
        return RuleCode.DECISION_SIMPLE
    return {DecisionExtension.EXTENDED: RuleCode.DECISION_EXTENDED,
            DecisionExtension.FURTHER: RuleCode.DECISION_FURTHER}.get(extension, RuleCode.DECISION_ORDINARY)


def decision_deadline(case):
    """(due date, rule) of the decision: by procedure and extension, under the rules in force on the filing date.

    An extension that the rules in force do not provide for (no row) falls back to the ordinary limit.
    """
    code = decision_rule_code(case.procedure, case.decision_extension)
    region = case.region if case.region_id else None
    try:
        return deadline(code, case.filed_on, region=region)
    except ValidationError:
        if code in (RuleCode.DECISION_EXTENDED, RuleCode.DECISION_FURTHER):
            return deadline(RuleCode.DECISION_ORDINARY, case.filed_on, region=region)
        raise


def late_payment_surcharge(amount, due_on, paid_on, *, rule=None, region=None):
    """加处罚款 for a fine of `amount` due on `due_on` and paid on `paid_on` (None: not yet, counted to today).

    rate_percent of the amount per day late, capped at cap_ratio × the amount (行政处罚法 Art. 72: 3 %/day, not
    more than the fine). Returns a Decimal in yuan, rounded to the fen.
    """
    from django.utils import timezone

    amount = Decimal(amount or 0)
    if amount <= 0 or due_on is None:
        return Decimal("0.00")
    paid_on = paid_on or timezone.localdate()
    rule = rule or rule_for(RuleCode.LATE_SURCHARGE, due_on, region)
    days_late = days_between(due_on, paid_on, rule.day_kind)
    if days_late <= 0:
        return Decimal("0.00")
    value = amount * (rule.rate_percent or 0) / 100 * days_late
    if rule.cap_ratio is not None:
        value = min(value, amount * rule.cap_ratio)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
