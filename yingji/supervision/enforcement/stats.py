"""Enforcement figures the bureau reports, for a period and a region, beside the same period last year (同比).

Every figure is of the records `user` may see (restrict(user)); the counts and sums are read from the enforcement
rollups (rollups.py, core.rollups: whole months from the stored cells, the rest from the records, the same either
way), 一案双罚 is counted from the records.
"""

from decimal import Decimal

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


def money(fen):
    """An amount kept in fen (the rollups' integer) as the Decimal 元 a SUM of the amounts gives: two decimals, and
    Decimal(0) when there is none (as `Sum(...) or Decimal(0)`), so it prints identically through phrasing.yuan/wan."""
    return Decimal(fen).scaleb(-2) if fen else Decimal(0)


def period_cells(user, start, end, region=None, **params):
    """period_cells of one period (periods_cells)."""
    return periods_cells(user, [(start, end)], region, **params)[0]


def periods_cells(user, periods, region=None, **params):
    """[{rollup key: Cells}] of each (start, end) of `periods` (core.rollups.periods_of: a period and the same period
    last year read together): whole months from the stored cells when they answer exactly for this user, region and
    parameters, the rest counted from the records, which are the records `user` may see, not voided, in the region,
    narrowed by `params` (each model by its own attribution)."""
    from yingji.platform.core import rollups

    from . import rollups as r

    all_cases, measures = _scoped(user, region)
    cases, measures = narrow(all_cases, params), narrow(measures, params)
    penalties = narrow(Penalty.objects.active().filter(case__in=all_cases.values("pk")), params)

    queries = {r.CASES_FILED.key: cases, r.CASES_CLOSED.key: cases, r.CASES_DECIDED.key: cases,
               r.PENALTY_ROLLUP.key: penalties, r.MEASURE_ROLLUP.key: measures}
    return rollups.periods_of(queries, periods, user=user, region=region, params=params)


def figures(user, start, end, region=None, *, cells=None, **params):
    """The figures of one period: a dict of FIGURES keys plus the breakdowns by penalty kind and by department.
    `params`: the statistics parameters (专项行动, 来源: core.stats.narrow), each applied to the cases, the
    penalties and the measures by their own attribution (a penalty's 专项行动 is its own, by default its case's).
    The counts and sums come from the enforcement rollups (rollups.py; `cells`: period_cells of the same
    arguments, when the caller has read them); 一案双罚 from the records."""
    from yingji.platform.accounts.models import Organisation

    from . import rollups as r

    got = cells if cells is not None else period_cells(user, start, end, region, **params)
    cases = narrow(_scoped(user, region)[0], params)
    counts = {"cases_filed": got[r.CASES_FILED.key].total(r.FILED),
              "cases_closed": got[r.CASES_CLOSED.key].total(r.CLOSED),
              "cases_decided": got[r.CASES_DECIDED.key].total(r.DECIDED)}
    decided = cases.filter(decided_on__range=(start, end))
    pen = got[r.PENALTY_ROLLUP.key]
    counted, amounts = pen.by("kind", r.PENALTIES), pen.by("kind", r.AMOUNT)
    penalties_by_kind = [{"kind": k.value, "label": str(k.label), "count": counted.get(k.value, 0),
                          "amount": money(amounts.get(k.value, 0))} for k in PenaltyKind]
    fines, fine_amounts = pen.by("department", r.FINES), pen.by("department", r.FINE_AMOUNT)
    names = dict(Organisation.objects.filter(pk__in=[int(d) for d in fines]).values_list("pk", "name")) if fines \
        else {}
    fines_by_department = sorted(
        ({"department_id": int(d), "department": names.get(int(d)), "count": n, "amount": money(fine_amounts.get(d, 0))}
         for d, n in fines.items()),
        key=lambda row: (-row["amount"], row["department"] or "", row["department_id"]))
    double = (decided.filter(penalties__target=PenaltyTarget.ENTERPRISE, penalties__voided_at__isnull=True)
              .filter(penalties__target=PenaltyTarget.PRINCIPAL, penalties__voided_at__isnull=True)
              .values("pk").distinct().count())
    done = got[r.MEASURE_ROLLUP.key]
    m = {key: done.total(r.MEASURES, "kind", kind) for key, kind in [
        ("interviews", MeasureKind.INTERVIEW), ("exposures", MeasureKind.EXPOSURE),
        ("typical_reported", MeasureKind.TYPICAL_REPORTED), ("typical_published", MeasureKind.TYPICAL_PUBLISHED),
        ("judicial_transfers", MeasureKind.JUDICIAL_TRANSFER)]}
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
    now, before = periods_cells(user, [(start, end), (prev_start, prev_end)], region, **params)
    current = figures(user, start, end, region, cells=now, **params)
    previous = figures(user, prev_start, prev_end, region, cells=before, **params)
    rows = []
    for key, label in FIGURES:
        value, last = current[key], previous[key]
        change = None
        if last:
            change = round(float((Decimal(value) - Decimal(last)) * 100 / Decimal(last)), 1)
        rows.append({"id": key, "label": str(label), "value": value, "last_year": last, "change_percent": change})
    return {"start": start, "end": end, "previous_start": prev_start, "previous_end": prev_end,
            "current": current, "previous": previous, "rows": rows}

