"""An enterprise's enforcement history as its principal needs it: shared by the 本企业执法记录 page and its API.

Each case (in the user's scope: for an enterprise user, his own from 立案 on) with its penalties, the payment
deadline, whether it has passed unpaid and the late-payment surcharge (加处罚款) as of today, and its steps (环节 and
date). No officer is named: the decision document names those it names.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from yingji.supervision.enforcement import rules
from yingji.supervision.enforcement.choices import MONEY_PENALTIES, CaseState, PenaltyKind, RuleCode
from yingji.supervision.enforcement.models import CaseStep, EnforcementCase, Penalty


def cases_for(user):
    """The cases `user` may see, with the penalties and steps he may see prefetched (penalties, steps)."""
    return (EnforcementCase.objects.restrict(user).active().select_related("department")
            .prefetch_related(Prefetch("penalties", queryset=Penalty.objects.restrict(user).active().order_by("pk"),
                                       to_attr="shown_penalties"),
                              Prefetch("steps", queryset=CaseStep.objects.restrict(user).order_by("date", "pk"),
                                       to_attr="shown_steps"))
            .order_by("-filed_on", "-pk"))


def summary(case, today):
    """The figures of one case of cases_for(): money owed, payment deadline, overdue, surcharge as of today."""
    penalties = case.shown_penalties
    money = sum((p.amount or Decimal(0) for p in penalties if p.kind in MONEY_PENALTIES), Decimal(0))
    fines = sum((p.amount or Decimal(0) for p in penalties if p.kind == PenaltyKind.FINE), Decimal(0))
    # while the fines are unpaid the case's current limit is the payment deadline (set on 送达)
    payment_due = case.due_on if case.due_kind == RuleCode.PAYMENT and money else None
    overdue = bool(payment_due and not case.executed_on and payment_due < today)
    surcharge_now = None
    if overdue and fines:
        try:
            surcharge_now = rules.late_payment_surcharge(fines, payment_due, today)
        except ValidationError:
            surcharge_now = None  # no surcharge rule in force on the deadline: the deadline is shown alone
    return {"case": case, "penalties": penalties, "steps": case.shown_steps, "money": money,
            "payment_due": payment_due, "overdue": overdue, "surcharge_now": surcharge_now,
            "decided": case.reached(CaseState.DECIDED)}
