"""The inspections' statistics rollup (core.rollups): inspections by the month of their inspection date (inspected_on),
the township, 检查方式 and the enterprise's 行业, counted as inspections and, for "检查企业（家）", as the distinct
enterprises inspected: one Member cell per enterprise and month, read with COUNT(DISTINCT) over the months of a
period, so the figure stays exact over any period (an enterprise inspected in March and in May counts once in the
year). The figures of 检查统计 and of the supervision dashboard (stats.py, dashboard.py)."""

from yingji.platform.core import rollups

from .models import Inspection

INSPECTIONS, PLACES = "inspections", "places"


def inspection_cells(r):
    place = rollups.Member(r["enterprise"])
    for dimension, value in (("", ""), ("kind", r["kind"]), ("sector", r["sector"])):
        yield dimension, value, INSPECTIONS
        yield dimension, value, PLACES, place


ROLLUP = rollups.register(rollups.Rollup(
    "inspections", Inspection, date="inspected_on",
    fields={"kind": "kind", "sector": "enterprise__sector", "enterprise": "enterprise"},
    cells=inspection_cells, distinct=True))
