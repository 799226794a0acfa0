"""The hazards' figures on the supervision dashboard, with the definitions of the annual report's hazard paragraph:
hazards found in the period (by found_on) and how many of them are rectified (已销号) now, with the rate; 一般 /
重大 and each source separately; 挂牌督办 listed and closed; overdue (past the deadline, not closed).

The counts come from the hazards' rollup (rollups.py, core.rollups): whole months summed from the stored cells, the
rest and every combination the rollup does not carry counted from the records, the same cells either way; only
"overdue", which depends on today, is always counted from the records."""

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard, rollups
from yingji.platform.core.phrasing import number, percent
from yingji.supervision.enterprises.choices import Sector

from . import rollups as rollups_
from .choices import HazardLevel, HazardSource, HazardState, SupervisionLevel
from .models import Hazard
from .stats import SOURCE

LIST = "hazards:hazard_list"
DATES = ("found_after", "found_before")  # the hazard list's filters of found_on

dashboard.parameter(SOURCE)


def _counts(cells):
    """The figures of a period from its rollup cells (core.rollups: the same from the rollup or the records)."""
    found, rectified = rollups_.FOUND, rollups_.RECTIFIED
    listed, listed_closed = cells.by("listed", found), cells.by("listed", rectified)
    out = {"found": cells.total(found), "rectified": cells.total(rectified),
           "listed": sum(listed.values()), "listed_closed": sum(listed_closed.values())}
    for level in HazardLevel:
        out[f"{level.value}_found"] = cells.total(found, "level", level.value)
        out[f"{level.value}_rectified"] = cells.total(rectified, "level", level.value)
    for source in HazardSource:
        out[f"{source.value}_found"] = cells.total(found, "source", source.value)
        out[f"{source.value}_rectified"] = cells.total(rectified, "source", source.value)
    for level in SupervisionLevel:
        out[f"listed_{level.value}"] = listed.get(level.value, 0)
    return out


def rate_phrase(rate, last):
    """Rates are compared in percentage points, as the bureaus write "整改率提高2.3个百分点"."""
    if rate is None or last is None:
        return ""
    diff = rate - last
    if diff > 0:
        return _("同比提高%(p)s个百分点") % {"p": number(diff)}
    if diff < 0:
        return _("同比下降%(p)s个百分点") % {"p": number(-diff)}
    return _("同比持平")


@dashboard.provider("hazards", order=30, permission="hazards.view_hazard")
def hazard_figures(req):
    today = req.today or timezone.localdate()

    narrowed = req.list_filters(Hazard)

    def url(previous=False, region=None, **filters):
        return req.list_url(LIST, DATES, previous=previous, region=region, **{**narrowed, **filters})

    base = req.narrow(Hazard.objects.restrict(req.user, "view").active())
    (a, b), (c, d) = req.period(), req.previous

    def cells(start, end):
        return rollups.figures("hazards", base, start, end, user=req.user, region=req.region, params=req.params)

    # this period and last year's: one read of the stored months of both (rollups.figures_periods)
    now_cells, before_cells = rollups.figures_periods("hazards", base, [(a, b), (c, d)], user=req.user,
                                                      region=req.region, params=req.params)
    cur, prev = _counts(now_cells), _counts(before_cells)
    # 逾期 depends on today, not on the period's counts: counted from the records (open ones past the deadline)
    cur["overdue"] = base.filter(found_on__gte=a, found_on__lte=b).overdue(today).count()

    def group(prefix, label, filters):
        found, rectified = f"{prefix}found", f"{prefix}rectified"
        r, pr = percent(cur[rectified], cur[found]), percent(prev[rectified], prev[found])
        closed = {"state": HazardState.CLOSED, **filters}
        return {
            "key": prefix.rstrip("_") or "all", "label": label,
            "found": dashboard.figure(f"hazards.{prefix}found", _("发现隐患"), cur[found], prev[found],
                                      url(**filters), "处", url(previous=True, **filters)),
            "rectified": dashboard.figure(f"hazards.{prefix}rectified", _("已整改销号"), cur[rectified],
                                          prev[rectified], url(**closed), "处", url(previous=True, **closed)),
            "rate": str(r) if r is not None else None, "rate_text": f"{number(r)}%" if r is not None else "—",
            "last_year_rate": str(pr) if pr is not None else None,
            "_rates": (r, pr),
        }

    groups = [group("", _("全部隐患"), {})]
    groups += [group(f"{lvl.value}_", str(lvl.label), {"level": lvl.value}) for lvl in HazardLevel]
    # under ?source= only that source's group: the others are empty by definition
    groups += [group(f"{src.value}_", str(src.label), {"source": src.value}) for src in HazardSource
               if narrowed.get("source") in (None, src.value)]

    by_sector, closed_by_sector = now_cells.by("sector", rollups_.FOUND), now_cells.by("sector", rollups_.RECTIFIED)
    listed = {"level": HazardLevel.MAJOR, "supervised": "true"}  # 挂牌督办 at any level
    listed_closed = {**listed, "state": HazardState.CLOSED}
    data = {
        "groups": groups,
        "listed": dashboard.figure("hazards.listed", _("挂牌督办重大事故隐患"), cur["listed"], prev["listed"],
                                   url(**listed), "处", url(previous=True, **listed)),
        "listed_closed": dashboard.figure("hazards.listed_closed", _("挂牌督办已销号"), cur["listed_closed"],
                                          prev["listed_closed"], url(**listed_closed), "处",
                                          url(previous=True, **listed_closed)),
        "listed_by_level": [{"key": lvl.value, "label": str(lvl.label), "value": cur[f"listed_{lvl.value}"],
                             "url": url(level=HazardLevel.MAJOR, supervision_level=lvl.value)}
                            for lvl in SupervisionLevel],
        "overdue": dashboard.figure("hazards.overdue", _("逾期未整改隐患"), cur["overdue"], None,
                                    url(overdue="true"), "处"),
        "by_sector": [{"key": s.value, "label": str(s.label), "value": by_sector.get(s.value, 0),
                       "rectified": closed_by_sector.get(s.value, 0),
                       "url": url(sector=s.value)} for s in Sector if by_sector.get(s.value)],
        # "rollup": the stored counts (core.rollups, kept in the transaction of each change); "live": counted from
        # the records (a 专项行动 or 来源, a department's scope, a village)
        "basis": now_cells.basis,
    }
    everything, major = groups[0], groups[1 + list(HazardLevel).index(HazardLevel.MAJOR)]
    rate, last_rate = everything.pop("_rates")
    for g in groups[1:]:
        g.pop("_rates")
    headline = [
        everything["found"], everything["rectified"],
        {**dashboard.figure("hazards.rate", _("隐患整改率"), rate or 0, last_rate or 0, everything["found"]["url"],
                            "%", everything["found"]["previous_url"],
                            note=_("已整改销号数 ÷ 发现隐患数；链接到所发现的隐患")),
         "value": rate, "last_year": last_rate, "phrase": rate_phrase(rate, last_rate)},
        major["found"] | {"id": "hazards.major_found", "label": _("重大事故隐患")},
        data["listed"], data["listed_closed"], data["overdue"],
    ]
    # the months of both periods: their sum when the periods do not overlap, else the span they cover together
    both = now_cells + before_cells if d < a or b < c else cells(min(a, c), max(b, d))
    n = dashboard.township_prefix()
    return dashboard.Contribution(
        data=data, headline=headline, monthly={"hazards": both.by_month(rollups_.FOUND)},
        townships={
            "hazards": dashboard.TownshipColumn(now_cells.by_prefix(rollups_.FOUND, n), lambda t: url(region=t)),
            "rectified": dashboard.TownshipColumn(now_cells.by_prefix(rollups_.RECTIFIED, n),
                                                  lambda t: url(region=t, state=HazardState.CLOSED)),
        },
        township_rates={"rate": ("rectified", "hazards")},
    )
