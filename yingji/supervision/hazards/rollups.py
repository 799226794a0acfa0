"""The hazards' statistics rollup (core.rollups): hazards by the month they were found in, the township, and each of
level, source, sector and 挂牌督办 level, counted as found and, when closed (已销号) now, as rectified: the figures of
the supervision dashboard (dashboard.py) and their definitions in the annual report."""

from yingji.platform.core import rollups

from .choices import HazardLevel, HazardState
from .models import Hazard

FOUND, RECTIFIED = "found", "rectified"


def hazard_cells(r):
    listed = r["supervision_level"] if r["level"] == HazardLevel.MAJOR else ""
    for measure in (FOUND, RECTIFIED) if r["state"] == HazardState.CLOSED else (FOUND,):
        yield "", "", measure
        yield "level", r["level"], measure
        yield "source", r["source"], measure
        yield "sector", r["sector"], measure
        if listed:
            yield "listed", listed, measure


HAZARDS = rollups.register(rollups.Rollup(
    "hazards", Hazard, date="found_on",
    fields={"level": "level", "source": "source", "state": "state", "supervision_level": "supervision_level",
            "sector": "enterprise__sector"},
    cells=hazard_cells))
