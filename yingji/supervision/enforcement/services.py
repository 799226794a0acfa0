"""The case procedure as a state machine: 立案 → 调查取证 → 告知 (→ 听证) → 决定 → 送达 → 执行 → 结案.

Each step is `verb_noun(case, *, actor, date, officers, ...)` under transaction.atomic: it checks the transition
table, the two-officer rule and the time limits, writes a CaseStep row and the case's audit row. Bad input raises
django.core.exceptions.ValidationError with a Chinese message, and nothing is written.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.accounts.colleagues import eligible
from yingji.platform.audit.recorder import record_bulk_create
from yingji.platform.core.services import service
from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition

from . import rules
from .choices import (
    MONEY_PENALTIES,
    SIMPLE_PENALTIES,
    CaseState,
    DayKind,
    DeliveryMethod,
    PenaltyKind,
    PenaltyTarget,
    Procedure,
    RuleCode,
    Step,
)
from .models import CaseReview, CaseReviewItem, CaseStep, EnforcementCase, Penalty

# 承办执法人员: the people who hold the enforcement right (执法证 holders)
OFFICER_PERMISSION = "enforcement.change_enforcementcase"

S = CaseState
ORDINARY_ONLY = {Procedure.ORDINARY}
BOTH = {Procedure.SIMPLE, Procedure.ORDINARY}

# step -> (states it may start from, procedures it applies to, state it leads to)
STEPS = {
    Step.FILE: ({S.DRAFT}, BOTH, S.FILED),
    Step.INVESTIGATE: ({S.FILED}, ORDINARY_ONLY, S.INVESTIGATED),
    Step.NOTIFY: ({S.INVESTIGATED}, ORDINARY_ONLY, S.NOTIFIED),
    Step.REQUEST_HEARING: ({S.NOTIFIED}, ORDINARY_ONLY, S.HEARING_REQUESTED),
    Step.HOLD_HEARING: ({S.HEARING_REQUESTED}, ORDINARY_ONLY, S.HEARING_HELD),
    # the summary procedure (简易程序, 当场处罚) decides right after filing
    Step.DECIDE: ({S.NOTIFIED, S.HEARING_HELD, S.FILED}, BOTH, S.DECIDED),
    Step.DELIVER: ({S.DECIDED}, BOTH, S.DELIVERED),
    Step.EXECUTE: ({S.DELIVERED}, BOTH, S.EXECUTED),
    Step.CLOSE: ({S.EXECUTED}, BOTH, S.CLOSED),
}
WRONG_STATE = gettext_lazy("案件当前为“%(state)s”，不能进行“%(verb)s”")


def _guard(step):
    """The conditions of a step beyond the case's state: its procedure, and the hearing right."""
    procedures = STEPS[step][1]

    def guard(case):
        if case.procedure not in procedures:
            return _("%(p)s案件没有“%(s)s”环节") % {"p": case.get_procedure_display(), "s": Step(step).label}
        wrong = WRONG_STATE % {"state": case.get_state_display(), "verb": Step(step).label}
        if step == Step.DECIDE and case.state == S.FILED and case.procedure != Procedure.SIMPLE:
            return wrong
        if step == Step.DECIDE and case.state == S.NOTIFIED and case.procedure == Procedure.SIMPLE:
            return wrong
        if step == Step.REQUEST_HEARING and not case.hearing_right:
            return wrong
        return None

    return guard


# 案卷评查 score sheet: (code, item, maximum score)
REVIEW_ITEMS = [
    ("filing", "立案审批及时、手续完备", Decimal(10)),
    ("evidence", "证据确凿充分、取证程序合法", Decimal(20)),
    ("facts", "事实认定清楚、定性准确", Decimal(15)),
    ("basis", "适用法律正确、裁量适当", Decimal(15)),
    ("procedure", "程序合法（告知、听证、回避、两人执法）", Decimal(15)),
    ("documents", "文书制作规范、送达合法", Decimal(10)),
    ("execution", "执行到位、罚没款缴纳及时", Decimal(10)),
    ("archive", "案卷装订归档规范", Decimal(5)),
]


def allowed_steps(case):
    """The steps that may come next for `case`, in procedure order."""
    return WORKFLOW.allowed(case)


def _officers(officers, case):
    """The step's officers: at least two distinct active users, each entitled to handle this case (权限和管辖)."""
    from django.contrib.auth import get_user_model

    from yingji.platform.core.models import in_scope

    User = get_user_model()
    ids = {o.pk if hasattr(o, "pk") else int(o) for o in (officers or [])}
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    if len(users) < 2:
        raise ValidationError({"officers": [_("执法人员不得少于两人（行政处罚法第四十二条）")]})
    # an enforcement officer of the bureau (never the 系统管理员, the auditor or an enterprise account: accounts/
    # colleagues.py) whose jurisdiction covers the case
    entitled = set(eligible(OFFICER_PERMISSION).filter(pk__in=ids).values_list("pk", flat=True))
    unqualified = [str(u) for u in users if u.pk not in entitled or not in_scope(case, u, "change")]
    if unqualified:
        raise ValidationError({"officers": [_("以下人员对本案没有执法权限（权限或管辖范围）：%(n)s") % {
            "n": "、".join(unqualified)}]})
    return users


def _check_date(case, date, label=None):
    if date is None:
        raise ValidationError({"date": [_("请填写日期")]})
    if date > timezone.localdate():
        raise ValidationError({"date": [_("日期不能晚于今天")]})
    last = case.steps.order_by("-date").values_list("date", "step").first()
    if last and date < last[0]:
        raise ValidationError({"date": [_("日期不能早于上一环节“%(s)s”（%(d)s）") % {
            "s": Step(last[1]).label, "d": last[0].strftime("%Y-%m-%d")}]})


def _step_outcome(case, step, *, date, officers, due_on=None, message=""):
    """The Outcome of a step: its audit text "<环节>（<date>）[，超过法定期限 …][：<message>]", its CaseStep row's date,
    limit and officers (also added to the case's), and the row as the service's result."""
    late = due_on is not None and date > due_on
    text = f"{Step(step).label}（{date:%Y-%m-%d}）"
    if late:
        text += _("，超过法定期限 %(d)s") % {"d": due_on.strftime("%Y-%m-%d")}
    if message:
        text += f"：{message}"
    outcome = Outcome(update_fields=None, audit_message=text[:500],
                      event={"date": date, "due_on": due_on, "late": late, "officers": officers})

    def after(row):
        known = set(case.officers.values_list("pk", flat=True))
        missing = [u for u in officers if u.pk not in known]
        if missing:
            case.officers.add(*missing)
        outcome.result = row

    outcome.after = after
    return outcome


class CaseWorkflow(Workflow):
    """The case procedure: its event rows are the CaseSteps (a date and at least two officers per step)."""

    def event(self, obj, name, from_state, to_state, *, actor, note="", date=None, due_on=None, late=False,
              officers=(), at=None, recorded_at=None):
        row = CaseStep.objects.create(case=obj, step=name, date=date, note=note or "", due_on=due_on, late=late,
                                      recorded_by=actor if getattr(actor, "pk", None) else None)
        row.officers.set(officers)
        return row


def _set_due(case, code, due_on):
    case.due_on, case.due_kind = due_on, (code or "")


def next_number(year):
    prefix = getattr(settings, "YINGJI_ENFORCEMENT_CASE_PREFIX", "安应急罚")
    last = EnforcementCase.objects.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0
    return last + 1, f"{prefix}〔{year}〕{last + 1}号"


def _file_case(case, *, actor, date, officers, note=""):
    """立案: number the case in its year and start the decision time limit."""
    officers = _officers(officers, case)
    if date is None:
        raise ValidationError({"date": [_("请填写立案日期")]})
    if date > timezone.localdate():
        raise ValidationError({"date": [_("日期不能晚于今天")]})
    case.filed_on = date
    case.year = date.year
    case.sequence, case.number = next_number(date.year)
    due, rule = rules.decision_deadline(case)
    _set_due(case, rule.code, due)
    return _step_outcome(case, Step.FILE, date=date, officers=officers, message=case.number)


def _record_investigation(case, *, actor, date, officers, note=""):
    """调查取证 finished (询问、勘验、抽样取证 …)."""
    officers = _officers(officers, case)
    _check_date(case, date)
    case.investigated_on = date
    return _step_outcome(case, Step.INVESTIGATE, date=date, officers=officers)


def hearing_request_deadline(case):
    if not case.notified_on:
        return None
    return rules.deadline(RuleCode.HEARING_REQUEST, case.notified_on, region=case.region)[0]


def _notify_case(case, *, actor, date, officers, hearing_right=False, note=""):
    """告知: facts, reasons, basis and the rights of 陈述、申辩 (and 听证 for the serious penalties, Art. 63)."""
    officers = _officers(officers, case)
    _check_date(case, date)
    case.notified_on = date
    case.hearing_right = bool(hearing_right)
    return _step_outcome(case, Step.NOTIFY, date=date, officers=officers, message=_("告知听证权利") if hearing_right else "")


def _request_hearing(case, *, actor, date, officers, note=""):
    """The party asks for a hearing: only within the limit after notice (5 working days, Art. 64)."""
    officers = _officers(officers, case)
    _check_date(case, date)
    limit, rule = rules.deadline(RuleCode.HEARING_REQUEST, case.notified_on, region=case.region)
    if date > limit:
        gap = rules.calendar_gap_text(rules.calendar_gap(case.notified_on, limit, rule.day_kind))
        raise ValidationError({"date": [_("已超过听证申请期限：应在告知后%(n)s个%(k)s内（%(d)s前）提出（%(b)s）") % {
            "n": rule.days, "k": rule.get_day_kind_display(), "d": limit.strftime("%Y-%m-%d"),
            "b": rule.legal_basis} + gap]})
    case.hearing_requested_on = date
    return _step_outcome(case, Step.REQUEST_HEARING, date=date, officers=officers, due_on=limit)


def _hold_hearing(case, *, actor, date, notice_date, officers, note=""):
    """听证: held only after the party was told of it at least the minimum time before (7 working days)."""
    officers = _officers(officers, case)
    _check_date(case, date)
    if notice_date is None:
        raise ValidationError({"notice_date": [_("请填写听证通知日期")]})
    if notice_date < case.hearing_requested_on:
        raise ValidationError({"notice_date": [_("听证通知日期不能早于申请听证日期")]})
    rule = rules.rule_for(RuleCode.HEARING_NOTICE, notice_date, case.region)
    earliest = rules.add_days(notice_date, rule.days or 0, rule.day_kind)
    if date < earliest:
        gap = rules.calendar_gap_text(rules.calendar_gap(notice_date, earliest, rule.day_kind))
        raise ValidationError({"date": [_("听证通知应在举行听证%(n)s个%(k)s前送达当事人，最早可于 %(d)s 举行（%(b)s）") % {
            "n": rule.days, "k": rule.get_day_kind_display(), "d": earliest.strftime("%Y-%m-%d"),
            "b": rule.legal_basis} + gap]})
    case.hearing_notice_on, case.hearing_on = notice_date, date
    return _step_outcome(case, Step.HOLD_HEARING, date=date, officers=officers)


def _amount(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": [_("金额格式不正确")]})


def validate_penalty(case, *, kind, target, amount, deciding=False):
    """Refuse a penalty that has no decision behind it or that the law does not allow here."""
    if not deciding and (case is None or case.decided_on is None or not case.reached(S.DECIDED)):
        raise ValidationError(_("案件尚未作出行政处罚决定，不能登记处罚或罚款"))
    if not deciding and case.reached(S.DELIVERED):
        raise ValidationError(_("处罚决定书已送达，不能再增加处罚"))
    if kind not in PenaltyKind.values:
        raise ValidationError({"kind": [_("处罚种类不正确")]})
    if target not in PenaltyTarget.values:
        raise ValidationError({"target": [_("处罚对象不正确")]})
    amount = _amount(amount)
    if kind in MONEY_PENALTIES:
        if amount is None:
            raise ValidationError({"amount": [_("%(k)s须填写金额") % {"k": PenaltyKind(kind).label}]})
        if amount <= 0:
            raise ValidationError({"amount": [_("%(k)s金额必须大于零") % {"k": PenaltyKind(kind).label}]})
    elif amount is not None:
        raise ValidationError({"amount": [_("%(k)s不填写金额") % {"k": PenaltyKind(kind).label}]})
    if case is not None and case.procedure == Procedure.SIMPLE and kind not in SIMPLE_PENALTIES:
        raise ValidationError({"kind": [_("简易程序只能给予警告或罚款（行政处罚法第五十一条），请改用普通程序")]})
    return amount


def _make_penalty(case, actor, spec, day=None):
    """A penalty of the decision of `day` (default: the case's decision date); its 专项行动 is the one named, else
    the case's."""
    amount = validate_penalty(case, kind=spec.get("kind"), target=spec.get("target", PenaltyTarget.ENTERPRISE),
                              amount=spec.get("amount"), deciding=True)
    target = spec.get("target", PenaltyTarget.ENTERPRISE)
    name = spec.get("target_name") or (case.enterprise.principal_name if target == PenaltyTarget.PRINCIPAL else "")
    campaign = spec.get("campaign") or None
    if campaign is not None:
        problem = campaign.attribution_error(day or case.decided_on, case.region)
        if problem:
            raise ValidationError({"campaign": [problem]})
    return Penalty(case=case, kind=spec["kind"], target=target, target_name=name, amount=amount,
                   suspension_days=spec.get("suspension_days") or None, note=spec.get("note", ""),
                   campaign=campaign if campaign is not None else case.campaign,
                   created_by=actor if getattr(actor, "pk", None) else None)


def _decide_case(case, *, actor, date, officers, penalties=(), note=""):
    """决定: the penalties of the 行政处罚决定书, within the decision limit of the rules in force."""
    officers = _officers(officers, case)
    _check_date(case, date)
    if case.state == S.NOTIFIED and case.hearing_right:
        limit = hearing_request_deadline(case)
        if date <= limit:
            raise ValidationError({"date": [_("当事人申请听证的期限（%(d)s）届满前不能作出决定") % {
                "d": limit.strftime("%Y-%m-%d")}]})
    built = [_make_penalty(case, actor, dict(p), day=date) for p in penalties]
    decision_due = case.due_on
    case.decided_on = date
    due, rule = rules.deadline(RuleCode.DELIVERY, date, region=case.region)
    _set_due(case, rule.code, due)
    outcome = _step_outcome(case, Step.DECIDE, date=date, officers=officers, due_on=decision_due,
                            message="；".join(str(p) for p in built))
    record_step = outcome.after

    def after(row):
        record_step(row)
        for p in built:
            p.save()

    outcome.after = after
    return outcome


@transaction.atomic
def add_penalty(case, *, actor, kind, target=PenaltyTarget.ENTERPRISE, amount=None, target_name="",
                suspension_days=None, note="", campaign=None):
    """A penalty of the decision, recorded after decide_case and before the decision is delivered."""
    case = EnforcementCase.objects.select_for_update().get(pk=case.pk)
    validate_penalty(case, kind=kind, target=target, amount=amount)
    penalty = _make_penalty(case, actor, {"kind": kind, "target": target, "amount": amount,
                                          "target_name": target_name, "suspension_days": suspension_days,
                                          "note": note, "campaign": campaign})
    penalty.save()
    return penalty


def _deliver_decision(case, *, actor, date, officers, method=DeliveryMethod.DIRECT, note=""):
    """送达 of the decision (within 7 working days when not on the spot); starts the payment limit."""
    officers = _officers(officers, case)
    _check_date(case, date)
    if method not in DeliveryMethod.values:
        raise ValidationError({"method": [_("送达方式不正确")]})
    delivery_due = case.due_on
    case.delivered_on, case.delivery_method = date, method
    if case.total_money > 0:
        due, rule = rules.deadline(RuleCode.PAYMENT, date, region=case.region)
        _set_due(case, rule.code, due)
    else:
        _set_due(case, "", None)
    return _step_outcome(case, Step.DELIVER, date=date, officers=officers, due_on=delivery_due, message=DeliveryMethod(method).label)


def _record_execution(case, *, actor, date, officers, paid_amount=None, paid_on=None, note=""):
    """执行: payment of the fines (with the late-payment surcharge when paid late) or other execution."""
    officers = _officers(officers, case)
    _check_date(case, date)
    payment_due = case.due_on if case.due_kind == RuleCode.PAYMENT else None
    owed = case.total_money
    message = ""
    if owed > 0:
        paid = _amount(paid_amount)
        if paid is None:
            raise ValidationError({"paid_amount": [_("案件有罚没款，请填写实缴金额")]})
        if paid < 0:
            raise ValidationError({"paid_amount": [_("实缴金额不能为负数")]})
        paid_on = paid_on or date
        if paid_on > date:
            raise ValidationError({"paid_on": [_("缴款日期不能晚于执行完毕日期")]})
        surcharge = late_payment_surcharge_for(case, paid_on)
        case.paid_amount, case.surcharge = paid, surcharge
        message = _("实缴 %(p)s 元，加处罚款 %(s)s 元") % {"p": paid, "s": surcharge}
    elif _amount(paid_amount):
        raise ValidationError({"paid_amount": [_("案件没有罚没款，不填写实缴金额")]})
    case.executed_on = date
    _set_due(case, "", None)
    return _step_outcome(case, Step.EXECUTE, date=date, officers=officers, due_on=payment_due if owed > 0 else None, message=message)


def late_payment_surcharge_for(case, paid_on=None):
    """加处罚款 of `case` if its fines are paid on `paid_on` (None: today)."""
    if not case.delivered_on:
        return Decimal("0.00")
    due, _rule = rules.deadline(RuleCode.PAYMENT, case.delivered_on, region=case.region)
    fines = sum((p.amount for p in case.penalties.all() if p.kind == PenaltyKind.FINE and p.amount), Decimal(0))
    return rules.late_payment_surcharge(fines, due, paid_on, region=case.region)


def _close_case(case, *, actor, date, officers, note=""):
    """结案 (结案审批)."""
    officers = _officers(officers, case)
    _check_date(case, date)
    case.closed_on = date
    return _step_outcome(case, Step.CLOSE, date=date, officers=officers)


@transaction.atomic
def refresh_due(case):
    """Recompute the decision limit after the procedure or the extension changed (before the decision)."""
    if case.filed_on and not case.reached(S.DECIDED):
        due, rule = rules.decision_deadline(case)
        if (case.due_on, case.due_kind) != (due, rule.code):
            case.due_on, case.due_kind = due, rule.code
            case._audit_message = _("决定期限调整为 %(d)s") % {"d": due.strftime("%Y-%m-%d")}
            case.save(update_fields=["due_on", "due_kind", "updated_at"])


# the stored current limit (due_kind) → the date it is counted from (file_case, decide_case, deliver_decision)
DUE_STARTS = {RuleCode.DECISION_SIMPLE: "filed_on", RuleCode.DECISION_ORDINARY: "filed_on",
              RuleCode.DECISION_EXTENDED: "filed_on", RuleCode.DECISION_FURTHER: "filed_on",
              RuleCode.DELIVERY: "decided_on", RuleCode.PAYMENT: "delivered_on"}


def refresh_working_day_dues(dates=None):
    """After the holiday calendar changed: recompute the stored current limit of the open cases whose rule counts
    working days (among the seeded rules only 送达, 7 working days after the decision; a working-day row added for
    another limit is followed too). Returns the number of cases changed.

    `dates` (the changed days) leaves out the cases whose limit starts after all of them; None checks all.
    """
    from .models import FINISHED_STATES, TimeLimitRule

    working = set(TimeLimitRule.objects.filter(day_kind=DayKind.WORKING).values_list("code", flat=True))
    kinds = [code for code in DUE_STARTS if code in working]
    if not kinds:
        return 0
    latest = max(dates) if dates else None
    changed = 0
    qs = (EnforcementCase.objects.filter(due_kind__in=kinds, due_on__isnull=False, voided_at__isnull=True)
          .exclude(state__in=FINISHED_STATES))
    for case in qs.select_for_update():
        start = getattr(case, DUE_STARTS[case.due_kind])
        if start is None or (latest is not None and start > latest):
            continue
        try:
            if DUE_STARTS[case.due_kind] == "filed_on":
                due, rule = rules.decision_deadline(case)
            else:
                due, rule = rules.deadline(case.due_kind, start, region=case.region)
        except ValidationError:  # no rule in force for its start: the case page says so; the calendar edit goes on
            continue
        if (due, rule.code) != (case.due_on, case.due_kind):
            case.due_on, case.due_kind = due, rule.code
            case._audit_message = _("节假日安排变更，%(r)s调整为 %(d)s") % {
                "r": RuleCode(rule.code).label, "d": due.strftime("%Y-%m-%d")}
            case.save(update_fields=["due_on", "due_kind", "updated_at"])
            changed += 1
    return changed


def refresh_dues_after_migrate(**kwargs):
    """post_migrate: limits stored before the calendar existed (or before its seed) were counted Monday to Friday."""
    from django.db import DEFAULT_DB_ALIAS, connection

    if kwargs.get("using", DEFAULT_DB_ALIAS) != DEFAULT_DB_ALIAS:
        return
    tables = set(connection.introspection.table_names())
    if not {"workdays_calendarday", EnforcementCase._meta.db_table} <= tables:  # a partial migrate or its reversal
        return
    with transaction.atomic():
        refresh_working_day_dues()


def calendar_changed(sender, dates=None, **kwargs):
    """Receiver of yingji.platform.workdays.services.calendar_changed."""
    with transaction.atomic():
        refresh_working_day_dues(dates)


@service
def review_case(case, *, actor, date, scores, conclusion=""):
    """案卷评查 of a closed case: `scores` maps an item code of REVIEW_ITEMS to (score, remark)."""
    if case.state != S.CLOSED:
        raise ValidationError(_("只有已结案的案件才能进行案卷评查"))
    if CaseReview.objects.filter(case=case).exists():
        raise ValidationError(_("该案件已评查"))
    if date is None:
        raise ValidationError({"date": [_("请填写评查日期")]})
    items, total, max_total = [], Decimal(0), Decimal(0)
    for code, label, maximum in REVIEW_ITEMS:
        score, remark = scores.get(code, (None, ""))
        score = _amount(score)
        if score is None:
            raise ValidationError({code: [_("请为“%(i)s”打分") % {"i": label}]})
        if not Decimal(0) <= score <= maximum:
            raise ValidationError({code: [_("“%(i)s”的得分应在 0 至 %(m)s 之间") % {"i": label, "m": maximum}]})
        items.append(CaseReviewItem(code=code, item=label, max_score=maximum, score=score, remark=remark or ""))
        total += score
        max_total += maximum
    review = CaseReview.objects.create(case=case, reviewer=actor, reviewed_on=date, total=total, max_total=max_total,
                                       conclusion=conclusion)
    for item in items:
        item.review = review
    CaseReviewItem.objects.bulk_create(items)
    record_bulk_create(items, message=_("案卷评查"))
    return review


# the step's own checks and changes, carried out by the workflow service (core.workflow.transition)
APPLY = {Step.FILE: _file_case, Step.INVESTIGATE: _record_investigation, Step.NOTIFY: _notify_case, Step.REQUEST_HEARING: _request_hearing, Step.HOLD_HEARING: _hold_hearing, Step.DECIDE: _decide_case, Step.DELIVER: _deliver_decision, Step.EXECUTE: _record_execution, Step.CLOSE: _close_case}

WORKFLOW = CaseWorkflow(
    EnforcementCase, CaseStep, event_field="case", states=CaseState, select_related=["enterprise"],
    transitions={step: Transition(tuple(sources), target, Step(step).label, guard=_guard(step), apply=APPLY[step])
                 for step, (sources, _procedures, target) in STEPS.items()},
    noun=pgettext_lazy("in a sentence", "案件"), refusal=WRONG_STATE,
    voided_refusal=gettext_lazy("案件已作废，不能继续办理"),
    late_entry=False)  # each step carries its own real date (`date`, checked by _check_date) on its CaseStep
# the transition table by its former name
TRANSITIONS = WORKFLOW.transitions


def file_case(case, *, actor, date, officers, note=""):
    return transition(case, Step.FILE, actor=actor, date=date, officers=officers, note=note)


def record_investigation(case, *, actor, date, officers, note=""):
    return transition(case, Step.INVESTIGATE, actor=actor, date=date, officers=officers, note=note)


def notify_case(case, *, actor, date, officers, hearing_right=False, note=""):
    return transition(case, Step.NOTIFY, actor=actor, date=date, officers=officers, hearing_right=hearing_right, note=note)


def request_hearing(case, *, actor, date, officers, note=""):
    return transition(case, Step.REQUEST_HEARING, actor=actor, date=date, officers=officers, note=note)


def hold_hearing(case, *, actor, date, notice_date, officers, note=""):
    return transition(case, Step.HOLD_HEARING, actor=actor, date=date, notice_date=notice_date, officers=officers, note=note)


def decide_case(case, *, actor, date, officers, penalties=(), note=""):
    return transition(case, Step.DECIDE, actor=actor, date=date, officers=officers, penalties=penalties, note=note)


def deliver_decision(case, *, actor, date, officers, method=DeliveryMethod.DIRECT, note=""):
    return transition(case, Step.DELIVER, actor=actor, date=date, officers=officers, method=method, note=note)


def record_execution(case, *, actor, date, officers, paid_amount=None, paid_on=None, note=""):
    return transition(case, Step.EXECUTE, actor=actor, date=date, officers=officers, paid_amount=paid_amount, paid_on=paid_on, note=note)


def close_case(case, *, actor, date, officers, note=""):
    return transition(case, Step.CLOSE, actor=actor, date=date, officers=officers, note=note)


STEP_FUNCTIONS = {
    Step.FILE: file_case, Step.INVESTIGATE: record_investigation, Step.NOTIFY: notify_case,
    Step.REQUEST_HEARING: request_hearing, Step.HOLD_HEARING: hold_hearing, Step.DECIDE: decide_case,
    Step.DELIVER: deliver_decision, Step.EXECUTE: record_execution, Step.CLOSE: close_case,
}
