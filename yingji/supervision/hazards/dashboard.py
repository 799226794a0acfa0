"""The hazards' figures on the supervision dashboard, with the definitions of the annual report's hazard paragraph:
hazards found in the period (by found_on) and how many of them are rectified (已销号) now, with the rate; 一般 /
重大 and each source separately; 挂牌督办 listed and closed; overdue (past the deadline, not closed)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard
from yingji.platform.core.phrasing import number, percent
from yingji.supervision.enterprises.choices import Sector

from .choices import HazardLevel, HazardSource, HazardState, SupervisionLevel
from .models import Hazard
from .stats import SOURCE

LIST = "hazards:hazard_list"
DATES = ("found_after", "found_before")  # the hazard list's filters of found_on

dashboard.parameter(SOURCE)


def _counts(qs, today):
    closed = Q(state=HazardState.CLOSED)
    major, general = Q(level=HazardLevel.MAJOR), Q(level=HazardLevel.GENERAL)
    listed = major & ~Q(supervision_level="")
    overdue = Q(deadline__lt=today) & ~closed
    spec = {"found": Count("pk"), "rectified": Count("pk", filter=closed),
            "overdue": Count("pk", filter=overdue),
            "listed": Count("pk", filter=listed), "listed_closed": Count("pk", filter=listed & closed)}
    for name, q in (("general", general), ("major", major)):
        spec[f"{name}_found"] = Count("pk", filter=q)
        spec[f"{name}_rectified"] = Count("pk", filter=q & closed)
    for source in HazardSource:
        spec[f"{source.value}_found"] = Count("pk", filter=Q(source=source.value))
        spec[f"{source.value}_rectified"] = Count("pk", filter=Q(source=source.value) & closed)
    for level in SupervisionLevel:
        spec[f"listed_{level.value}"] = Count("pk", filter=listed & Q(supervision_level=level.value))
    return qs.aggregate(**spec)


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
    now = base.filter(found_on__gte=a, found_on__lte=b)
    before = base.filter(found_on__gte=c, found_on__lte=d)
    cur, prev = _counts(now, today), _counts(before, today)

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

    by_sector = dict(now.order_by().values_list("enterprise__sector").annotate(n=Count("pk")))
    closed_by_sector = dict(now.filter(state=HazardState.CLOSED).order_by().values_list("enterprise__sector")
                            .annotate(n=Count("pk")))
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
    months = dashboard.monthly(base.filter(Q(found_on__gte=a, found_on__lte=b) | Q(found_on__gte=c, found_on__lte=d)),
                               "found_on")
    return dashboard.Contribution(
        data=data, headline=headline, monthly={"hazards": months},
        townships={
            "hazards": dashboard.TownshipColumn(dashboard.by_township(now), lambda t: url(region=t)),
            "rectified": dashboard.TownshipColumn(dashboard.by_township(now.filter(state=HazardState.CLOSED)),
                                                  lambda t: url(region=t, state=HazardState.CLOSED)),
        },
        township_rates={"rate": ("rectified", "hazards")},
    )
