"""Handling of a 群众举报: 待核查 → 核查中 → 属实/不属实 → (属实) 已转为隐患 or 已转为检查, and the reward of a
report found true.

The transition table below is carried out by the platform's one workflow service
(yingji.platform.core.workflow.transition): it locks the row, checks the table, runs the step's own checks (the
functions below), saves the report (its audit row says "流转") and writes a TipoffEvent as the explicit actor, all in
one transaction. Bad input raises django.core.exceptions.ValidationError with a Chinese message.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.core.models import in_scope
from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition

from .choices import TipoffState
from .models import Tipoff, TipoffEvent

S = TipoffState
# states in which the report was found true, so that a reward may be recorded
REWARDABLE = (S.CONFIRMED, S.CONVERTED, S.INSPECTED)


def _verify(fresh, *, actor, note=""):
    """待核查 → 核查中: the actor becomes the verifier."""
    fresh.verifier = actor
    return Outcome(update_fields=["verifier"])


def _conclude(fresh, *, actor, at, finding, note=""):
    """核查中 → 属实 / 不属实: needs the verification finding (核查情况), so that the reporter can be answered."""
    fresh.finding = finding.strip()
    fresh.verified_at = at
    return Outcome(update_fields=["finding", "verified_at"])


def _convert(fresh, *, actor, category, enterprise=None, description="", deadline=None, note=""):
    """属实 → 已转为隐患: registers a Hazard with source 群众举报 at the reported enterprise, linked back."""
    from yingji.supervision.hazards.choices import HazardCategory, HazardSource
    from yingji.supervision.hazards.models import Hazard

    enterprise = enterprise or fresh.enterprise
    if enterprise is None:
        raise ValidationError({"enterprise": _("转为隐患须指明隐患所在企业")})
    if not in_scope(enterprise, actor, "view"):
        raise ValidationError({"enterprise": _("该企业不在您的管辖范围内")})
    if category not in HazardCategory.values:
        raise ValidationError({"category": _("请选择隐患类别")})
    hazard = Hazard(enterprise=enterprise, category=category, source=HazardSource.PUBLIC_REPORT,
                    description=(description or "").strip() or fresh.finding or fresh.description,
                    found_on=timezone.localtime(fresh.received_at).date(), deadline=deadline,
                    created_by=actor)
    hazard.full_clean(exclude=["region"], validate_unique=False, validate_constraints=False)
    hazard.save()
    fresh.hazard = hazard
    if fresh.enterprise_id is None:
        fresh.enterprise = enterprise
    return Outcome(update_fields=["hazard", "enterprise", "region"])


def _inspect(fresh, *, actor, inspection, note=""):
    """属实 → 已转为检查: the report is handled by an inspection (现场检查记录) of the reported enterprise."""
    if not in_scope(inspection, actor, "view"):
        raise ValidationError({"inspection": _("该检查记录不在您的管辖范围内")})
    if fresh.enterprise_id and inspection.enterprise_id != fresh.enterprise_id:
        raise ValidationError({"inspection": _("检查记录的被检查单位须是被举报企业")})
    fresh.inspection = inspection
    if fresh.enterprise_id is None:
        fresh.enterprise = inspection.enterprise
    return Outcome(update_fields=["inspection", "enterprise", "region"])


def _reward(fresh, *, actor, at, amount, reward_date=None, paid=False, note=""):
    """举报奖励: amount (yuan, entered by staff) and date of the decision, and whether it was paid; the report keeps
    its state."""
    try:
        amount = Decimal(str(amount))
    except (ArithmeticError, ValueError):
        raise ValidationError({"reward_amount": _("奖励金额须为数字")})
    if amount <= 0:
        raise ValidationError({"reward_amount": _("奖励金额须大于零")})
    reward_date = reward_date or timezone.localdate(at)
    if reward_date < timezone.localtime(fresh.received_at).date():
        raise ValidationError({"reward_date": _("奖励决定日期不能早于受理日期")})
    fresh.reward_amount, fresh.reward_date, fresh.reward_paid = amount, reward_date, bool(paid)
    text = _("登记举报奖励：%(amount)s 元%(paid)s") % {
        "amount": amount, "paid": _("，已发放") if paid else _("，未发放")} + (f"（{note}）" if note else "")
    return Outcome(update_fields=["reward_amount", "reward_date", "reward_paid"], note=text, audit_message=text)


# verification and conversion are "change"; the reward is decided with "approve"
TRANSITIONS = {
    "verify": Transition((S.PENDING,), S.VERIFYING, gettext_lazy("开始核查"), apply=_verify),
    "confirm": Transition((S.VERIFYING,), S.CONFIRMED, gettext_lazy("核查属实"),
                          required={"finding": gettext_lazy("须填写核查情况")}, apply=_conclude),
    "dismiss": Transition((S.VERIFYING,), S.UNFOUNDED, gettext_lazy("核查不属实"),
                          required={"finding": gettext_lazy("须填写核查情况")}, apply=_conclude),
    "convert": Transition((S.CONFIRMED,), S.CONVERTED, gettext_lazy("转为隐患"), apply=_convert),
    "inspect": Transition((S.CONFIRMED,), S.INSPECTED, gettext_lazy("转为检查"), apply=_inspect),
    "reward": Transition(REWARDABLE, None, gettext_lazy("登记举报奖励"), action="approve", apply=_reward,
                         refusal=gettext_lazy("只有核查属实的举报才能登记奖励（当前状态：%(state)s）")),
}

WORKFLOW = Workflow(Tipoff, TipoffEvent, event_field="tipoff", states=S, transitions=TRANSITIONS,
                    noun=pgettext_lazy("in a sentence", "举报"), start_field="received_at")


def allowed_transitions(tipoff, user=None):
    return WORKFLOW.allowed(tipoff, user)


def start_verification(tipoff, *, actor, note=""):
    return transition(tipoff, "verify", actor=actor, note=note)


def confirm_tipoff(tipoff, *, actor, finding, note=""):
    return transition(tipoff, "confirm", actor=actor, finding=finding, note=note)


def dismiss_tipoff(tipoff, *, actor, finding, note=""):
    return transition(tipoff, "dismiss", actor=actor, finding=finding, note=note)


def convert_to_hazard(tipoff, *, actor, category, enterprise=None, description="", deadline=None, note=""):
    return transition(tipoff, "convert", actor=actor, category=category, enterprise=enterprise,
                      description=description, deadline=deadline, note=note)


def link_inspection(tipoff, *, actor, inspection, note=""):
    return transition(tipoff, "inspect", actor=actor, inspection=inspection, note=note)


def record_reward(tipoff, *, actor, amount, reward_date=None, paid=False, note=""):
    return transition(tipoff, "reward", actor=actor, amount=amount, reward_date=reward_date, paid=paid, note=note)


TRANSITION_FUNCTIONS = {
    "verify": start_verification,
    "confirm": confirm_tipoff,
    "dismiss": dismiss_tipoff,
    "convert": convert_to_hazard,
    "inspect": link_inspection,
    "reward": record_reward,
}
