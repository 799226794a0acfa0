"""Grades and reporting deadlines of accidents, computed from the rules stored as data (AccidentGradeRule,
ReportingRule) — never from constants in the code, so a province's stricter limits are a data change."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core.phrasing import wan_text

from .choices import TOP_LEVEL_FOR_GRADE, Duty, Grade, ReportKind, ReportLevel
from .models import AccidentGradeRule, ReportingRule


def _day_region(accident):
    when = accident.occurred_at or timezone.now()
    region = accident.region if accident.region_id else None
    return timezone.localdate(when), region


# --- grades ---------------------------------------------------------------------------------------------------
def grade_rules(day, region):
    """The grade rules in force on `day` for `region`, one per grade (the most specific one), gravest first."""
    by_grade = AccidentGradeRule.objects.rules_by("grade", day, region)
    return [rule for _grade, rule in sorted(by_grade.items())]


def compute_grade(accident, rules=None):
    """(grade, reason): the gravest grade any one measure reaches ("以上"包括本数, "以下"不包括本数)."""
    if rules is None:
        rules = grade_rules(*_day_region(accident))
    loss = Decimal(accident.direct_loss or 0)
    for rule in rules:
        deaths = (accident.deaths or 0) + ((accident.missing or 0) if rule.missing_counts_as_deaths else 0)
        who = _("死亡（含下落不明）") if rule.missing_counts_as_deaths else _("死亡")
        reasons = []
        if rule.min_deaths and deaths >= rule.min_deaths:
            reasons.append(_("%(who)s%(n)d人，达到%(min)d人以上") % {"who": who, "n": deaths, "min": rule.min_deaths})
        if rule.min_serious_injuries and (accident.serious_injuries or 0) >= rule.min_serious_injuries:
            reasons.append(_("重伤%(n)d人，达到%(min)d人以上") % {"n": accident.serious_injuries,
                                                          "min": rule.min_serious_injuries})
        if rule.min_loss and loss >= rule.min_loss:
            reasons.append(_("直接经济损失%(n)s万元，达到%(min)s万元以上") % {"n": wan_text(loss), "min": wan_text(rule.min_loss)})
        if reasons:
            return rule.grade, f"{'；'.join(reasons)}（{rule.legal_basis}）"[:300]
        if not (rule.min_deaths or rule.min_serious_injuries or rule.min_loss):
            return rule.grade, (_("死亡、重伤人数和直接经济损失均未达到较大事故标准（%(basis)s）")
                                % {"basis": rule.legal_basis})[:300]
    return Grade.ORDINARY, _("未配置事故等级标准，暂按一般事故")


def snapshot_of(accident):
    """The figures of an accident as they stand now: what a report says."""
    return {
        **accident.figures(),
        "grade": accident.grade,
        "grade_display": str(Grade(accident.grade).label),
        "occurred_at": accident.occurred_at.isoformat() if accident.occurred_at else None,
        "place": accident.place,
        "unit_name": accident.unit_name,
        "summary": accident.summary,
    }


# --- reporting deadlines ----------------------------------------------------------------------------------------
def reporting_rule(duty, accident):
    """The ReportingRule for `duty` that applies to `accident` (a sector's own rule before the general one)."""
    day, region = _day_region(accident)
    return ReportingRule.objects.rule_for(day, region, narrow=accident.sector or None, duty=duty)


def _first_reports(accident, exclude_pk=None):
    """{level: the earliest time a 首报 reached it} over the accident's active reports."""
    from .models import AccidentReport

    firsts = {}
    if accident.pk is None:
        return firsts
    qs = AccidentReport.objects.filter(accident=accident, kind=ReportKind.FIRST, voided_at__isnull=True)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    for level, at in qs.values_list("to_level", "reported_at"):
        if level not in firsts or at < firsts[level]:
            firsts[level] = at
    return firsts


def level_deadlines(accident, exclude_pk=None, firsts=None):
    """[(level, due, rule)] for the levels the accident's 首报 must reach, up to the one its grade requires.

    The unit reports to the county within the unit→county limit of the accident time (第九条); each level passes it
    on within the level-up limit of receiving it (第十一条): of the lower level's actual report when there is one,
    else of the lower level's deadline.
    """
    unit = reporting_rule(Duty.UNIT_TO_COUNTY, accident)
    if unit is None or accident.occurred_at is None:
        return []
    up = reporting_rule(Duty.LEVEL_UP, accident)
    if firsts is None:
        firsts = _first_reports(accident, exclude_pk)
    due = accident.occurred_at + unit.delta
    chain = [(ReportLevel.COUNTY, due, unit)]
    top = TOP_LEVEL_FOR_GRADE[Grade(accident.grade)]
    if up is None:
        return chain
    for level in range(ReportLevel.CITY, top + 1):
        received = firsts.get(level - 1)
        due = (received or due) + up.delta
        chain.append((ReportLevel(level), due, up))
    return chain


def supplement_deadline(accident):
    """(due, rule): casualty changes within this window must be reported (第十三条)."""
    rule = reporting_rule(Duty.SUPPLEMENT, accident)
    if rule is None or accident.occurred_at is None:
        return None, None
    return accident.occurred_at + rule.delta, rule


def investigation_deadline(accident):
    """(due date, rule, extension rule): the investigation report's due day (第二十九条)."""
    rule = reporting_rule(Duty.INVESTIGATION, accident)
    if rule is None or accident.occurred_at is None:
        return None, None, None
    due = timezone.localdate(accident.occurred_at) + rule.delta
    extension = reporting_rule(Duty.INVESTIGATION_EXTENSION, accident)
    if accident.investigation_extended and extension is not None:
        due += extension.delta
    return due, rule, extension


def approval_deadline(accident):
    """(due date, rule) of the government's reply to the investigation report (第三十二条), once it was submitted."""
    if accident.investigation_report_date is None:
        return None
    duty = Duty.APPROVAL_EXTRAORDINARY if accident.grade == Grade.EXTRAORDINARY else Duty.APPROVAL
    rule = reporting_rule(duty, accident)
    if rule is None:
        return None
    return accident.investigation_report_date + rule.delta, rule


def report_deadline(report):
    """(deadline, basis) of one report; (None, "") when none applies (续报, or a level above what is required)."""
    accident = report.accident
    if report.kind == ReportKind.FIRST:
        for level, due, rule in level_deadlines(accident, exclude_pk=report.pk):
            if level == report.to_level:
                return due, rule.legal_basis
        return None, ""
    if report.kind == ReportKind.SUPPLEMENT:
        due, rule = supplement_deadline(accident)
        return (due, rule.legal_basis) if rule else (None, "")
    return None, ""


def duties(accident, now=None):
    """The accident's reporting duties with their state, for the detail page and the API."""
    now = now or timezone.now()
    firsts = _first_reports(accident)
    rows = []
    for level, due, rule in level_deadlines(accident, firsts=firsts):
        done = firsts.get(level)
        if done is not None:
            state = _("迟报") if done > due else _("按时报告")
        else:
            state = _("逾期未报") if now > due else _("未到期")
        label = _("事故单位报告县级部门") if level == ReportLevel.COUNTY else \
            _("首报至%(level)s") % {"level": ReportLevel(level).label}
        rows.append({"duty": label, "due": due, "done_at": done, "state": state, "basis": rule.legal_basis,
                     "late": state in (_("迟报"), _("逾期未报"))})
    due, rule = supplement_deadline(accident)
    if rule is not None:
        latest = accident.reports.filter(voided_at__isnull=True).order_by("-reported_at", "-id").first() \
            if accident.pk else None
        changed = latest is not None and latest.snapshot_differs
        if changed:
            state = _("伤亡等数字已变化，须补报") if now <= due else _("补报期限已过，数字仍与报告不一致")
        else:
            state = _("数字与最近一次报告一致")
        rows.append({"duty": _("伤亡人数变化补报（%(limit)s）") % {"limit": rule.limit_display}, "due": due,
                     "done_at": None, "state": state, "basis": rule.legal_basis, "late": changed and now > due})
    inv_due, inv_rule, ext_rule = investigation_deadline(accident)
    if inv_rule is not None:
        done = accident.investigation_report_date
        today = timezone.localdate(now)
        if done is not None:
            state = _("逾期提交") if done > inv_due else _("按期提交")
        else:
            state = _("逾期未提交") if today > inv_due else _("未到期")
        note = inv_rule.legal_basis
        if ext_rule is not None and not accident.investigation_extended:
            note = _("%(basis)s；特殊情况经批准可延长%(ext)s") % {"basis": note, "ext": ext_rule.limit_display}
        rows.append({"duty": _("事故调查报告"), "due": datetime.datetime.combine(inv_due, datetime.time(23, 59),
                                                                         tzinfo=timezone.get_current_timezone()),
                     "done_at": done, "state": state, "basis": note,
                     "late": state in (_("逾期提交"), _("逾期未提交"))})
    approval = approval_deadline(accident)
    if approval is not None:
        due, rule = approval
        investigation = getattr(accident, "investigation", None) if accident.pk else None
        done = investigation.approved_on if investigation is not None else None
        today = timezone.localdate(now)
        if done is not None:
            state = _("逾期批复") if done > due else _("按期批复")
        else:
            state = _("逾期未批复") if today > due else _("未到期")
        rows.append({"duty": _("调查报告批复"), "due": due, "done_at": done, "state": state,
                     "basis": rule.legal_basis, "late": state in (_("逾期批复"), _("逾期未批复"))})
    for row in rows:
        row["due_text"] = _text(row["due"])
        row["done_text"] = _text(row["done_at"])
    return rows


def _text(value):
    """A deadline or completion as the pages show it: minutes for moments, the day for dates."""
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")
