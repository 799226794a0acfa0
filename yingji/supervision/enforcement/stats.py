"""Enforcement figures the bureau reports, for a period and a region, beside the same period last year (同比).

Every figure is an aggregate query over the records `user` may see (restrict(user)); nothing is stored.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.periods import previous_period
from yingji.platform.core.stats import narrow

from .choices import MONEY_PENALTIES, MeasureKind, PenaltyKind, PenaltyTarget
from .models import EnforcementCase, Measure, Penalty

# (key, label) of the headline figures, in the order they are reported
FIGURES = [
    ("cases_filed", _("立案数")),
    ("cases_closed", _("结案数")),
    ("cases_decided", _("作出处罚决定数")),
    ("penalties", _("行政处罚（项）")),
    ("fines_total", _("罚款金额（元）")),
    ("money_total", _("罚没金额（元）")),
    ("double_penalty_cases", _("一案双罚案件数")),
    ("suspensions", _("责令停产停业整顿")),
    ("closures", _("关闭取缔")),
    ("interviews", _("约谈")),
    ("exposures", _("曝光")),
    ("typical_reported", _("上报典型案例")),
    ("typical_published", _("公开典型案例")),
    ("judicial_transfers", _("移送司法机关")),
]


def _scoped(user, region):
    from yingji.platform.regions.models import Region

    cases = EnforcementCase.objects.restrict(user, "view").active()
    measures = Measure.objects.restrict(user, "view").active()
    if region is not None:
        within = Region.objects.subtree(region).values("pk")
        cases, measures = cases.filter(region__in=within), measures.filter(region__in=within)
    return cases, measures


def figures(user, start, end, region=None, **params):
    """The figures of one period: a dict of FIGURES keys plus the breakdowns by penalty kind and by department.
    `params`: the statistics parameters (专项行动, 来源: core.stats.narrow), each applied to the cases, the
    penalties and the measures by their own attribution (a penalty's 专项行动 is its own, by default its case's)."""
    all_cases, measures = _scoped(user, region)
    cases, measures = narrow(all_cases, params), narrow(measures, params)
    counts = cases.aggregate(
        cases_filed=Count("pk", filter=Q(filed_on__range=(start, end))),
        cases_closed=Count("pk", filter=Q(closed_on__range=(start, end))),
        cases_decided=Count("pk", filter=Q(decided_on__range=(start, end))),
    )
    decided = cases.filter(decided_on__range=(start, end))
    penalties = narrow(Penalty.objects.active().filter(
        case__in=all_cases.filter(decided_on__range=(start, end)).values("pk")), params)
    by_kind = {row["kind"]: row for row in penalties.values("kind").annotate(count=Count("pk"), amount=Sum("amount"))}
    penalties_by_kind = [{"kind": k.value, "label": str(k.label), "count": by_kind.get(k.value, {}).get("count", 0),
                          "amount": by_kind.get(k.value, {}).get("amount") or Decimal(0)} for k in PenaltyKind]
    fines_by_department = [
        {"department_id": row["case__department"], "department": row["case__department__name"],
         "count": row["count"], "amount": row["amount"] or Decimal(0)}
        for row in penalties.filter(kind=PenaltyKind.FINE).values("case__department", "case__department__name")
        .annotate(count=Count("pk"), amount=Sum("amount")).order_by("-amount", "case__department__name")
    ]
    double = (decided.filter(penalties__target=PenaltyTarget.ENTERPRISE, penalties__voided_at__isnull=True)
              .filter(penalties__target=PenaltyTarget.PRINCIPAL, penalties__voided_at__isnull=True)
              .values("pk").distinct().count())
    m = measures.filter(date__range=(start, end)).aggregate(
        **{key: Count("pk", filter=Q(kind=kind)) for key, kind in [
            ("interviews", MeasureKind.INTERVIEW), ("exposures", MeasureKind.EXPOSURE),
            ("typical_reported", MeasureKind.TYPICAL_REPORTED), ("typical_published", MeasureKind.TYPICAL_PUBLISHED),
            ("judicial_transfers", MeasureKind.JUDICIAL_TRANSFER)]})
    kinds = {row["kind"]: row for row in penalties_by_kind}
    result = {
        **counts,
        "penalties": sum(row["count"] for row in penalties_by_kind),
        "fines_total": kinds[PenaltyKind.FINE]["amount"],
        "money_total": sum((kinds[k]["amount"] for k in MONEY_PENALTIES), Decimal(0)),
        "double_penalty_cases": double,
        "suspensions": kinds[PenaltyKind.SUSPENSION]["count"],
        "closures": kinds[PenaltyKind.CLOSURE]["count"],
        **m,
        "penalties_by_kind": penalties_by_kind,
        "fines_by_department": fines_by_department,
    }
    return result


def enforcement_stats(user, start, end, region=None, **params):
    """{start, end, current, previous, rows}: this period, the same period last year, and the headline rows."""
    if end < start:
        raise ValueError("end before start")
    prev_start, prev_end = previous_period(start, end)
    current = figures(user, start, end, region, **params)
    previous = figures(user, prev_start, prev_end, region, **params)
    rows = []
    for key, label in FIGURES:
        value, last = current[key], previous[key]
        change = None
        if last:
            change = round(float((Decimal(value) - Decimal(last)) * 100 / Decimal(last)), 1)
        rows.append({"id": key, "label": str(label), "value": value, "last_year": last, "change_percent": change})
    return {"start": start, "end": end, "previous_start": prev_start, "previous_end": prev_end,
            "current": current, "previous": previous, "rows": rows}

