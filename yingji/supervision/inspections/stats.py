"""Inspection statistics for a period, region and campaign, with the same period last year (同比)."""

from django.utils.translation import gettext as _

from yingji.platform.core.periods import previous_period
from yingji.platform.core.stats import narrow
from yingji.platform.regions import codes
from yingji.supervision.enterprises.choices import Sector

from .choices import InspectionKind
from .models import Inspection


def _figures(cells):
    """(totals, by kind, by sector) of a period's rollup cells (core.rollups: the same from the stored cells or the
    records): inspections are counted, places are the distinct enterprises inspected."""
    from . import rollups as r

    def pair(dimension):
        counts, places = cells.by(dimension, r.INSPECTIONS), cells.distinct_by(dimension, r.PLACES)
        return {v: {"inspections": n, "places": places.get(v, 0)} for v, n in counts.items()}

    totals = {"inspections": cells.total(r.INSPECTIONS), "places": cells.count_distinct(r.PLACES)}
    return totals, pair("kind"), pair("sector")


def period_cells(user, date_from, date_to, *, region=None, campaign=None, source=None):
    """The rollup cells (core.rollups.figures) of the inspections `user` may see, not voided, in the region, narrowed
    by the statistics parameters, inspected date_from..date_to: whole months from the stored cells when they answer
    exactly, the rest counted from the records."""
    return periods_cells(user, [(date_from, date_to)], region=region, campaign=campaign, source=source)[0]


def periods_cells(user, periods, *, region=None, campaign=None, source=None):
    """[period_cells] of each (date_from, date_to) of `periods` (a period and the same period last year): the stored
    months of both read together (core.rollups.figures_periods)."""
    from yingji.platform.core import rollups

    base = Inspection.objects.restrict(user, "view").active()
    if region is not None:
        lo, hi = codes.subtree_bounds(region.code, region.level)
        base = base.filter(region__code__gte=lo, region__code__lte=hi)
    params = {"campaign": campaign, "source": source}
    base = narrow(base, params)
    return rollups.figures_periods("inspections", base, periods, user=user, region=region, params=params)


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
    last_from, last_to = previous_period(date_from, date_to)
    now, before = periods_cells(user, [(date_from, date_to), (last_from, last_to)], region=region, campaign=campaign,
                                source=source)
    return stats_of(now, before, date_from, date_to, region=region, campaign=campaign, source=source)


def stats_of(now, before, date_from, date_to, *, region=None, campaign=None, source=None):
    """inspection_stats from the cells of the period and of the same period last year (period_cells)."""
    last_from, last_to = previous_period(date_from, date_to)
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
