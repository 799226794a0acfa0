"""The annual plan's workflows: the frequencies that apply, the planned inspections generated from them, and the
plan's completion computed from the inspection records.

The completion reads inspections (Inspection, DEPARTMENT_KINDS) inside the function: inspections imports this app
(an inspection's plan_item), so this app does not import inspections when it is loaded."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.regions import codes
from yingji.supervision.enterprises.choices import OperatingStatus
from yingji.supervision.enterprises.models import Enterprise

from .models import FrequencyRule, PlannedInspection


def spread_months(times):
    """Months for `times` inspections a year, evenly spread (1 → 7月; 2 → 4, 10月; 4 → 2, 5, 8, 11月)."""
    if times <= 0:
        return []
    step = 12 / times
    return [int(step * i + step / 2) + 1 for i in range(times)]


def plan_frequencies(plan):
    """{risk grade: times a year}: the plan's own frequencies, and for a grade it leaves out the FrequencyRule in
    force on 1 January of the plan's year in the plan's region (a province's 分类分级 scheme)."""
    standard = FrequencyRule.objects.rules_by("risk_grade", datetime.date(plan.year, 1, 1), plan.region)
    return {**{grade: rule.times_per_year for grade, rule in standard.items()},
            **{f.risk_grade: f.times_per_year for f in plan.frequencies.all()}}


@transaction.atomic
def generate_plan_items(plan, *, actor):
    """Planned inspections for every operating enterprise of the plan's region, by its grade's frequency.

    Existing items are kept; returns the number of items added."""
    freq = plan_frequencies(plan)
    if not freq:
        raise ValidationError(_("请先填写各风险等级的检查频次（或由管理员在“规则配置”中录入检查频次标准）"))
    lo, hi = codes.subtree_bounds(plan.region.code, plan.region.level)
    enterprises = (Enterprise.objects.restrict(actor, "view").active().filter(status=OperatingStatus.OPERATING)
                   .filter(region__code__gte=lo, region__code__lte=hi).only("pk", "name", "risk_grade"))
    existing = set(plan.items.values_list("enterprise_id", "month"))
    new = []
    for enterprise in enterprises.order_by("pk"):
        for month in spread_months(freq.get(enterprise.risk_grade, 0)):
            if (enterprise.pk, month) not in existing:
                new.append(PlannedInspection(plan=plan, enterprise=enterprise, month=month))
    PlannedInspection.objects.bulk_create(new)
    from yingji.platform.audit.recorder import record_bulk_create

    record_bulk_create(new, message=_("按频次生成计划检查"))
    return len(new)


def plan_progress(plan, on=None):
    """The plan's completion through the year, computed from inspection records.

    An enterprise planned k times and inspected j times by the department (执法/督导/专项/明查暗访, not voided) in the
    plan's year has min(j, k) planned inspections done. Returns a dict with planned, due (months up to `on`),
    done, rate (% of planned) and due_rate (% of due)."""
    from yingji.supervision.inspections.choices import DEPARTMENT_KINDS
    from yingji.supervision.inspections.models import Inspection

    on = on or timezone.localdate()
    planned = dict(plan.items.values("enterprise_id").annotate(n=Count("pk")).values_list("enterprise_id", "n"))
    if on.year < plan.year:
        due_month = 0
    elif on.year > plan.year:
        due_month = 12
    else:
        due_month = on.month
    due = plan.items.filter(month__lte=due_month).count()
    inspected = dict(Inspection.objects.active().filter(
        enterprise_id__in=plan.items.values("enterprise_id"), inspected_on__year=plan.year,
        kind__in=DEPARTMENT_KINDS)
        .values("enterprise_id").annotate(n=Count("pk")).values_list("enterprise_id", "n"))
    done = sum(min(n, inspected.get(e, 0)) for e, n in planned.items())
    total = sum(planned.values())
    return {"planned": total, "due": due, "done": done,
            "rate": round(done * 100 / total, 1) if total else 0.0,
            "due_rate": round(min(done, due) * 100 / due, 1) if due else 0.0,
            "enterprises": len(planned), "inspected_enterprises": sum(1 for e in planned if inspected.get(e))}
