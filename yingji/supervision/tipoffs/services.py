"""Handling of a 群众举报: 待核查 → 核查中 → 属实/不属实 → (属实) 已转为隐患, and the reward of a confirmed report.

Each transition is a function `verb_noun(tipoff, *, actor, ...)` that locks the row, checks TRANSITIONS and its own
requirements, saves the report (its audit row says "流转") and writes a TipoffEvent, all in one transaction; the shared
steps are yingji.platform.core.workflow.Workflow's. Bad input raises django.core.exceptions.ValidationError with a
Chinese message.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from yingji.platform.core.models import in_scope
from yingji.platform.core.workflow import Workflow

from .choices import TipoffState
from .models import Tipoff, TipoffEvent

S = TipoffState
# transition name -> (allowed from-states, to-state, Chinese verb)
TRANSITIONS = {
    "verify": ((S.PENDING,), S.VERIFYING, "开始核查"),
    "confirm": ((S.VERIFYING,), S.CONFIRMED, "核查属实"),
    "dismiss": ((S.VERIFYING,), S.UNFOUNDED, "核查不属实"),
    "convert": ((S.CONFIRMED,), S.CONVERTED, "转为隐患"),
    "inspect": ((S.CONFIRMED,), S.INSPECTED, "转为检查"),
}
# states in which the report was found true, so that a reward may be recorded
REWARDABLE = (S.CONFIRMED, S.CONVERTED, S.INSPECTED)


WORKFLOW = Workflow(Tipoff, TipoffEvent, "tipoff", S, TRANSITIONS, noun=pgettext_lazy("in a sentence", "举报"))


def allowed_transitions(tipoff):
    return WORKFLOW.allowed(tipoff)


@transaction.atomic
def start_verification(tipoff, *, actor, note=""):
    """待核查 → 核查中: the actor becomes the verifier."""
    fresh = WORKFLOW.lock(tipoff, "verify")
    fresh.verifier = actor
    WORKFLOW.finish(fresh, "verify", actor=actor, note=note, update_fields=["verifier"])
    return WORKFLOW.sync(tipoff, fresh)


def _conclude(tipoff, name, actor, finding, note):
    if not (finding or "").strip():
        raise ValidationError({"finding": _("须填写核查情况")})
    fresh = WORKFLOW.lock(tipoff, name)
    fresh.finding = finding.strip()
    fresh.verified_at = timezone.now()
    WORKFLOW.finish(fresh, name, actor=actor, note=note, update_fields=["finding", "verified_at"])
    return WORKFLOW.sync(tipoff, fresh)


@transaction.atomic
def confirm_tipoff(tipoff, *, actor, finding, note=""):
    """核查中 → 属实: needs the verification finding (核查情况)."""
    return _conclude(tipoff, "confirm", actor, finding, note)


@transaction.atomic
def dismiss_tipoff(tipoff, *, actor, finding, note=""):
    """核查中 → 不属实: needs the verification finding, so that the reporter can be answered."""
    return _conclude(tipoff, "dismiss", actor, finding, note)


@transaction.atomic
def convert_to_hazard(tipoff, *, actor, category, enterprise=None, description="", deadline=None, note=""):
    """属实 → 已转为隐患: registers a Hazard with source 群众举报 at the reported enterprise, linked back."""
    from yingji.supervision.hazards.choices import HazardCategory, HazardSource
    from yingji.supervision.hazards.models import Hazard

    fresh = WORKFLOW.lock(tipoff, "convert")
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
    WORKFLOW.finish(fresh, "convert", actor=actor, note=note, update_fields=["hazard", "enterprise", "region"])
    return WORKFLOW.sync(tipoff, fresh)


@transaction.atomic
def link_inspection(tipoff, *, actor, inspection, note=""):
    """属实 → 已转为检查: the report is handled by an inspection (现场检查记录) of the reported enterprise."""
    fresh = WORKFLOW.lock(tipoff, "inspect")
    if not in_scope(inspection, actor, "view"):
        raise ValidationError({"inspection": _("该检查记录不在您的管辖范围内")})
    if fresh.enterprise_id and inspection.enterprise_id != fresh.enterprise_id:
        raise ValidationError({"inspection": _("检查记录的被检查单位须是被举报企业")})
    fresh.inspection = inspection
    if fresh.enterprise_id is None:
        fresh.enterprise = inspection.enterprise
    WORKFLOW.finish(fresh, "inspect", actor=actor, note=note, update_fields=["inspection", "enterprise", "region"])
    return WORKFLOW.sync(tipoff, fresh)


@transaction.atomic
def record_reward(tipoff, *, actor, amount, reward_date=None, paid=False, note=""):
    """举报奖励: amount (yuan, entered by staff) and date of the decision, and whether it was paid; only for a
    report found true (属实 or 已转为隐患)."""
    fresh = Tipoff.objects.select_for_update().get(pk=tipoff.pk)
    if fresh.voided_at is not None:
        raise ValidationError(_("该举报已作废，不能登记奖励"))
    if fresh.state not in REWARDABLE:
        raise ValidationError(_("只有核查属实的举报才能登记奖励（当前状态：%(state)s）") % {
            "state": fresh.get_state_display()})
    try:
        amount = Decimal(str(amount))
    except (ArithmeticError, ValueError):
        raise ValidationError({"reward_amount": _("奖励金额须为数字")})
    if amount <= 0:
        raise ValidationError({"reward_amount": _("奖励金额须大于零")})
    reward_date = reward_date or timezone.localdate()
    if reward_date < timezone.localtime(fresh.received_at).date():
        raise ValidationError({"reward_date": _("奖励决定日期不能早于受理日期")})
    fresh.reward_amount, fresh.reward_date, fresh.reward_paid = amount, reward_date, bool(paid)
    fresh._audit_message = _("登记举报奖励：%(amount)s 元%(paid)s") % {
        "amount": amount, "paid": _("，已发放") if paid else _("，未发放")} + (f"（{note}）" if note else "")
    fresh.save(update_fields=["reward_amount", "reward_date", "reward_paid", "updated_at"])
    WORKFLOW.event(fresh, "reward", fresh.state, fresh.state, actor=actor, note=fresh._audit_message)
    return WORKFLOW.sync(tipoff, fresh)


TRANSITION_FUNCTIONS = {
    "verify": start_verification,
    "confirm": confirm_tipoff,
    "dismiss": dismiss_tipoff,
    "convert": convert_to_hazard,
    "inspect": link_inspection,
}
