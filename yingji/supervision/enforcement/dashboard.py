"""The enforcement figures on the supervision dashboard, from stats.figures (the same as 执法统计): cases filed,
penalties and fines by the decision date, 约谈 and 曝光 by the measure's date; by department."""

from django.utils.translation import gettext as _

from yingji.platform.accounts.models import Organisation
from yingji.platform.core import dashboard
from yingji.platform.core.phrasing import yuan

from . import rollups as rollups_
from .choices import MeasureKind, PenaltyKind
from .models import EnforcementCase
from .stats import figures, periods_cells

CASES, CASE_DATES = "enforcement:enforcementcase_list", ("filed_after", "filed_before")
# penalties count in the period of their case's decision date; the 行政处罚 list filters by it
PENALTIES, PENALTY_DATES = "enforcement:penalty_list", ("decided_after", "decided_before")
MEASURES, MEASURE_DATES = "enforcement:measure_list", ("date_after", "date_before")


@dashboard.provider("enforcement", order=40, permission="enforcement.view_enforcementcase")
def enforcement_figures(req):
    # this period and last year's: one read of the stored months of both (core.rollups.periods_of)
    now_cells, before_cells = periods_cells(req.user, [req.period(), req.previous], req.region, **req.params)
    cur = figures(req.user, req.start, req.end, req.region, cells=now_cells, **req.params)
    prev = figures(req.user, *req.previous, req.region, cells=before_cells, **req.params)
    # each list carries the statistics parameters its records declare (the same for the three models)
    narrowed = req.list_filters(EnforcementCase)

    def fig(key, label, unit, name, dates, note="", **filters):
        return dashboard.figure(f"enforcement.{key}", label, cur[key], prev[key],
                                req.list_url(name, dates, **narrowed, **filters), unit,
                                req.list_url(name, dates, previous=True, **narrowed, **filters), note=note)

    per_penalty = _("按处罚项计数，同一企业的多项处罚分别计入")
    fine, suspension, closure = PenaltyKind.FINE, PenaltyKind.SUSPENSION, PenaltyKind.CLOSURE
    data = {
        "cases_filed": fig("cases_filed", _("立案查处"), "起", CASES, CASE_DATES),
        "penalties": fig("penalties", _("行政处罚"), "项", PENALTIES, PENALTY_DATES, note=_("按处罚决定日期统计")),
        "fines_total": fig("fines_total", _("罚款金额"), "元", PENALTIES, PENALTY_DATES,
                           note=_("按处罚决定日期统计，列表下方为罚款合计"), kind=fine),
        # stats.figures counts penalties of the kind, not distinct enterprises: the unit is the penalty (项)
        "suspensions": fig("suspensions", _("责令停产停业整顿"), "项", PENALTIES, PENALTY_DATES, note=per_penalty,
                           kind=suspension),
        "closures": fig("closures", _("关闭取缔"), "项", PENALTIES, PENALTY_DATES, note=per_penalty, kind=closure),
        "interviews": fig("interviews", _("约谈"), "次", MEASURES, MEASURE_DATES, kind=MeasureKind.INTERVIEW),
        "exposures": fig("exposures", _("曝光"), "次", MEASURES, MEASURE_DATES, kind=MeasureKind.EXPOSURE),
        "fines_by_department": [
            {**row, "amount": yuan(row["amount"]),
             "url": req.list_url(PENALTIES, PENALTY_DATES, kind=fine, department=row["department_id"], **narrowed)}
            for row in cur["fines_by_department"]],
        "cases_by_department": _cases_by_department(req, now_cells[rollups_.CASES_FILED.key]),
        # "rollup": whole months from the stored counts (core.rollups); "live": counted from the records
        "basis": now_cells[rollups_.CASES_FILED.key].basis,
    }
    data["fines_total"]["value"] = yuan(cur["fines_total"])
    data["fines_total"]["last_year"] = yuan(prev["fines_total"])
    headline = [data[k] for k in ("cases_filed", "penalties", "fines_total", "interviews", "exposures",
                                  "suspensions", "closures")]
    return dashboard.Contribution(data=data, headline=headline)


def _cases_by_department(req, filed):
    """Cases filed in the period by 处罚机关 (stats.figures states fines by department, not cases), from the cells
    of the cases' filing rollup."""
    counts = {int(d): n for d, n in filed.by("department", rollups_.FILED).items()}
    names = dict(Organisation.objects.filter(pk__in=counts).values_list("pk", "name")) if counts else {}
    narrowed = req.list_filters(EnforcementCase)
    return [{"key": d, "label": names.get(d), "value": n,
             "url": req.list_url(CASES, CASE_DATES, department=d, **narrowed)}
            for d, n in sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0]) or "", kv[0]))]
