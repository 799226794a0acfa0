"""行政处罚决定书 (.docx) from the template decision.docx (the bureau's copy if it has one), with the items
行政处罚法 Art. 59 requires. Issued only once the case is decided and numbered (its 案件编号 is the 文号)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingji.platform.core import documents

from . import rules
from .choices import PenaltyKind, PenaltyTarget, RuleCode

TITLE = "行政处罚决定书"


def _money(value):
    return f"{value:,.2f}"


def penalty_text(p):
    who = p.target_name or (p.case.enterprise.name if p.target == PenaltyTarget.ENTERPRISE else "")
    text = f"对{who}{p.get_kind_display()}"
    if p.amount is not None:
        text += f"人民币{_money(p.amount)}元"
    if p.suspension_days:
        text += f"（期限{p.suspension_days}日）"
    return text


def decision_context(case):
    """The fields of the 行政处罚决定书 template (docs/enforcement.md lists them)."""
    enterprise = case.enterprise
    penalties = [p for p in case.penalties.all() if p.voided_at is None]
    money = sum((p.amount for p in penalties if p.kind in (PenaltyKind.FINE, PenaltyKind.CONFISCATION)
                 and p.amount), 0)
    context = {
        "organisation": case.department.name,
        "enterprise": {"name": enterprise.name, "credit_code": enterprise.credit_code,
                       "address": enterprise.address, "principal": enterprise.principal_name},
        "persons": sorted({p.target_name for p in penalties if p.target == PenaltyTarget.PRINCIPAL and p.target_name}),
        "facts": documents.lines(case.facts) or [case.title],
        "violated_provisions": case.violated_provisions.strip(),
        "penalty_basis": case.penalty_basis.strip(),
        "penalties": [penalty_text(p) for p in penalties],
        "other_penalties": [penalty_text(p) for p in penalties
                            if p.kind not in (PenaltyKind.FINE, PenaltyKind.CONFISCATION, PenaltyKind.WARNING)],
        "money_total": _money(money) if money else "",
        "payment_days": "", "surcharge_basis": "", "surcharge_rate": "",
        "date": documents.arabic_date(case.decided_on),
        "date_cn": documents.chinese_date(case.decided_on),
    }
    if money:
        payment = rules.rule_for(RuleCode.PAYMENT, case.decided_on, case.region)
        surcharge = rules.rule_for(RuleCode.LATE_SURCHARGE, case.decided_on, case.region)
        context.update(payment_days=payment.days, surcharge_basis=surcharge.legal_basis,
                       surcharge_rate=format(surcharge.rate_percent.normalize(), "f"))
    return context


def decision_document(case):
    """The .docx bytes of the case's 行政处罚决定书; refused in Chinese before the decision or without the number."""
    if not case.decided_on:
        raise ValidationError(_("案件尚未作出处罚决定，不能生成行政处罚决定书"))
    return documents.issue("enforcement", "decision", decision_context(case), number=case.number, title=TITLE)
