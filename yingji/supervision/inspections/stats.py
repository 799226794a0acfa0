"""Inspection statistics for a period, region and campaign, with the same period last year (同比)."""

from django.db.models import Count
from django.utils.translation import gettext as _

from yingji.platform.core.periods import previous_period
from yingji.platform.core.stats import narrow
from yingji.platform.regions import codes
from yingji.supervision.enterprises.choices import Sector

from .choices import InspectionKind
from .models import Inspection


def _figures(qs):
    totals = qs.aggregate(inspections=Count("pk"), places=Count("enterprise", distinct=True))
    by_kind = {row["kind"]: row for row in qs.values("kind").annotate(
        inspections=Count("pk"), places=Count("enterprise", distinct=True)).order_by("kind")}
    by_sector = {row["enterprise__sector"]: row for row in qs.values("enterprise__sector").annotate(
        inspections=Count("pk"), places=Count("enterprise", distinct=True)).order_by("enterprise__sector")}
    return totals, by_kind, by_sector


def _change(now, before):
    if not before:
        return None
    return round((now - before) * 100 / before, 1)


def inspection_stats(user, date_from, date_to, *, region=None, campaign=None, source=None):
    """Inspections and places (distinct enterprises) inspected, by kind and by sector, and the same period last
    year; every figure from the records the user may see (restrict) and that are not voided, narrowed by the
    statistics parameters (专项行动, 来源: core.stats.narrow)."""
    if date_to < date_from:
        raise ValueError(_("结束日期不能早于开始日期"))
    base = Inspection.objects.restrict(user, "view").active()
    if region is not None:
        lo, hi = codes.subtree_bounds(region.code, region.level)
        base = base.filter(region__code__gte=lo, region__code__lte=hi)
    base = narrow(base, {"campaign": campaign, "source": source})
    now = base.filter(inspected_on__gte=date_from, inspected_on__lte=date_to)
    last_from, last_to = previous_period(date_from, date_to)
    before = base.filter(inspected_on__gte=last_from, inspected_on__lte=last_to)
    totals, by_kind, by_sector = _figures(now)
    last_totals, last_by_kind, last_by_sector = _figures(before)

    rows = []
    for dimension, choices, current, previous in (("kind", InspectionKind.choices, by_kind, last_by_kind),
                                                  ("sector", Sector.choices, by_sector, last_by_sector)):
        for value, label in choices:
            cur, prev = current.get(value, {}), previous.get(value, {})
            rows.append({
                "id": f"{dimension}:{value}", "dimension": dimension, "key": value, "label": str(label),
                "inspections": cur.get("inspections", 0), "places": cur.get("places", 0),
                "last_year_inspections": prev.get("inspections", 0), "last_year_places": prev.get("places", 0),
            })
    return {
        "date_from": date_from.isoformat(), "date_to": date_to.isoformat(),
        "region": region.code if region is not None else None,
        "campaign": campaign.pk if campaign is not None else None,
        "source": source,
        "inspections": totals["inspections"], "places": totals["places"],
        "last_year": {"date_from": last_from.isoformat(), "date_to": last_to.isoformat(),
                      "inspections": last_totals["inspections"], "places": last_totals["places"]},
        "change_percent": {"inspections": _change(totals["inspections"], last_totals["inspections"]),
                           "places": _change(totals["places"], last_totals["places"])},
        # one row per kind and per sector: the breakdowns, each with a stable id
        "results": rows,
    }
