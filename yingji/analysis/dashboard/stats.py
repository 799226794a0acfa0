"""安全监管统计: the supervision figures of a period, region and campaign, beside the same period last year (同比).

The figures come from the modules' own statistics (inspections.stats.inspection_stats, enforcement.stats.figures),
so the dashboard and the modules' pages never disagree; hazards have no statistics module, so their figures are
computed here, with the definitions of the annual report's hazard paragraph (found in the period by found_on).
Every query goes through `restrict(user, "view")` and aggregates: the number of queries does not grow with the
records, only with the (fixed) number of breakdowns.

Each figure carries the URL of the list of exactly the records behind it, with the list's own filters
(tests/test_links.py fetches every one and compares). The rate links to the hazards it is computed over.
"""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Substr, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.analysis.reports.phrasing import number, percent, percent_change, yoy
from yingji.platform.regions import codes
from yingji.platform.regions.choices import PREFIX_LENGTH, Level
from yingji.platform.regions.models import Region
from yingji.supervision.enforcement import stats as enforcement_stats
from yingji.supervision.enforcement.choices import MeasureKind, PenaltyKind
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.choices import HazardLevel, HazardSource, HazardState, SupervisionLevel
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.inspections.models import Inspection
from yingji.supervision.inspections.stats import inspection_stats

TOWNSHIP_PREFIX = PREFIX_LENGTH[Level.TOWNSHIP]


def shift_year(day, years=-1):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _in_region(qs, region, path="region"):
    if region is None:
        return qs
    lo, hi = codes.subtree_bounds(region.code, region.level)
    field = f"{path}__code" if path else "code"
    return qs.filter(**{f"{field}__gte": lo, f"{field}__lte": hi})


class Links:
    """URLs of the module lists, filtered to exactly the records behind a figure: the period by the figure's own
    date (found_on, inspected_on, filed_on, the decision date, the measure's date) and the region by its code
    (`?region=`, the lists' RegionFilter: the region and everything under it, as the statistics count)."""

    def __init__(self, date_from, date_to, region, campaign):
        self.date_from, self.date_to, self.campaign = date_from, date_to, campaign
        # no region: the user's whole scope, which every list is restricted to anyway
        self.region = region.code if region is not None else None

    @staticmethod
    def _url(name, params):
        params = {k: v for k, v in params.items() if v not in (None, "")}
        return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)

    def enterprises(self, **extra):
        return self._url("enterprises:enterprise_list", {"region": self.region, **extra})

    def inspections(self, previous=False, **extra):
        a, b = self._period(previous)
        return self._url("inspections:inspection_list", {
            "date_from": a, "date_to": b, "region": self.region,
            "campaign": self.campaign.pk if self.campaign is not None else None, **extra})

    def hazards(self, previous=False, **extra):
        a, b = self._period(previous)
        return self._url("hazards:hazard_list", {"found_after": a, "found_before": b, "region": self.region,
                                                 **extra})

    def cases(self, previous=False, **extra):
        a, b = self._period(previous)
        return self._url("enforcement:enforcementcase_list", {"filed_after": a, "filed_before": b,
                                                              "region": self.region, **extra})

    def penalties(self, previous=False, **extra):
        """Penalties count in the period of their case's decision date (enforcement.stats.figures)."""
        a, b = self._period(previous)
        return self._url("enforcement:penalty_list", {"decided_after": a, "decided_before": b,
                                                      "region": self.region, **extra})

    def measures(self, previous=False, **extra):
        a, b = self._period(previous)
        return self._url("enforcement:measure_list", {"date_after": a, "date_before": b, "region": self.region,
                                                      **extra})

    def _period(self, previous):
        if previous:
            return shift_year(self.date_from).isoformat(), shift_year(self.date_to).isoformat()
        return self.date_from.isoformat(), self.date_to.isoformat()


def _figure(key, label, value, last_year, url, unit="", previous_url=None, note=""):
    change = percent_change(value, last_year) if last_year is not None else None
    return {"id": key, "label": label, "value": value, "unit": unit, "last_year": last_year,
            "change_percent": str(change) if change is not None else None,
            "phrase": yoy(value, last_year) if last_year is not None else "",
            "url": url, "previous_url": previous_url, "note": note}


# --- enterprises --------------------------------------------------------------------------------------------------
def enterprise_figures(user, region, links):
    """Enterprises in scope today (not voided), by sector and by 行业主管部门."""
    qs = _in_region(Enterprise.objects.restrict(user, "view").active(), region)
    sectors = dict(qs.order_by().values_list("sector").annotate(n=Count("pk")))
    departments = list(qs.order_by().values("supervising_department", "supervising_department__name")
                       .annotate(n=Count("pk")).order_by("-n", "supervising_department__name"))
    total = sum(sectors.values())
    return {
        "total": total, "url": links.enterprises(),
        "by_sector": [{"key": s.value, "label": str(s.label), "value": sectors.get(s.value, 0),
                       "url": links.enterprises(sector=s.value)} for s in Sector if sectors.get(s.value)],
        "by_department": [{"key": r["supervising_department"], "label": r["supervising_department__name"],
                           "value": r["n"],
                           "url": links.enterprises(supervising_department=r["supervising_department"])}
                          for r in departments],
    }


# --- hazards ------------------------------------------------------------------------------------------------------
def _hazard_counts(qs, today):
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


def hazard_stats(user, date_from, date_to, region=None, links=None, today=None):
    """Hazards found in the period (found_on) and how many of them are rectified (已销号) now, with the rate;
    一般 / 重大 and each source separately; 挂牌督办 listed and closed; overdue (past the deadline, not closed)."""
    today = today or timezone.localdate()
    links = links or Links(date_from, date_to, region, None)
    base = _in_region(Hazard.objects.restrict(user, "view").active(), region)
    now = base.filter(found_on__gte=date_from, found_on__lte=date_to)
    before = base.filter(found_on__gte=shift_year(date_from), found_on__lte=shift_year(date_to))
    cur, prev = _hazard_counts(now, today), _hazard_counts(before, today)

    def group(prefix, label, filters):
        found, rectified = f"{prefix}found", f"{prefix}rectified"
        r, pr = percent(cur[rectified], cur[found]), percent(prev[rectified], prev[found])
        return {
            "key": prefix.rstrip("_") or "all", "label": label,
            "found": _figure(f"hazards.{prefix}found", _("发现隐患"), cur[found], prev[found],
                             links.hazards(**filters), "处", links.hazards(previous=True, **filters)),
            "rectified": _figure(f"hazards.{prefix}rectified", _("已整改销号"), cur[rectified], prev[rectified],
                                 links.hazards(state=HazardState.CLOSED, **filters), "处",
                                 links.hazards(previous=True, state=HazardState.CLOSED, **filters)),
            "rate": r, "rate_text": f"{number(r)}%" if r is not None else "—",
            "last_year_rate": pr,
        }

    groups = [group("", _("全部隐患"), {})]
    groups += [group(f"{lvl.value}_", str(lvl.label), {"level": lvl.value}) for lvl in HazardLevel]
    groups += [group(f"{src.value}_", str(src.label), {"source": src.value}) for src in HazardSource]

    by_sector = dict(now.order_by().values_list("enterprise__sector").annotate(n=Count("pk")))
    closed_by_sector = dict(now.filter(state=HazardState.CLOSED).order_by().values_list("enterprise__sector")
                            .annotate(n=Count("pk")))
    listed_levels = [{"key": lvl.value, "label": str(lvl.label), "value": cur[f"listed_{lvl.value}"],
                      "url": links.hazards(level=HazardLevel.MAJOR, supervision_level=lvl.value)}
                     for lvl in SupervisionLevel]
    listed = {"level": HazardLevel.MAJOR, "supervised": "true"}  # 挂牌督办 at any level
    closed = {**listed, "state": HazardState.CLOSED}
    return {
        "groups": groups,
        "listed": _figure("hazards.listed", _("挂牌督办重大事故隐患"), cur["listed"], prev["listed"],
                          links.hazards(**listed), "处", links.hazards(previous=True, **listed)),
        "listed_closed": _figure("hazards.listed_closed", _("挂牌督办已销号"), cur["listed_closed"],
                                 prev["listed_closed"], links.hazards(**closed), "处",
                                 links.hazards(previous=True, **closed)),
        "listed_by_level": listed_levels,
        "overdue": _figure("hazards.overdue", _("逾期未整改隐患"), cur["overdue"], None,
                           links.hazards(overdue="true"), "处"),
        "by_sector": [{"key": s.value, "label": str(s.label), "value": by_sector.get(s.value, 0),
                       "rectified": closed_by_sector.get(s.value, 0),
                       "url": links.hazards(sector=s.value)} for s in Sector if by_sector.get(s.value)],
        "current": cur, "previous": prev,
    }


# --- trend and townships ------------------------------------------------------------------------------------------
def monthly(qs, field):
    """{"YYYY-MM": count} of the records by month of a date field."""
    rows = qs.order_by().annotate(month=TruncMonth(field)).values("month").annotate(n=Count("pk"))
    return {f"{r['month']:%Y-%m}": r["n"] for r in rows if r["month"] is not None}


def months_between(date_from, date_to):
    y, m, out = date_from.year, date_from.month, []
    while (y, m) <= (date_to.year, date_to.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def by_township(qs, path="region"):
    """{township code prefix: count}: one grouped query on the first nine digits of the record's region code."""
    rows = qs.order_by().annotate(t=Substr(f"{path}__code", 1, TOWNSHIP_PREFIX)).values("t").annotate(n=Count("pk"))
    return {r["t"]: r["n"] for r in rows}


# --- everything ---------------------------------------------------------------------------------------------------
def dashboard_stats(user, date_from, date_to, region=None, campaign=None):
    """The dashboard's figures (JSON-ready). region: a Region in the user's scope (None: his whole scope);
    campaign: an inspections Campaign in scope, which narrows the inspection figures (the other records have no
    campaign)."""
    if date_to < date_from:
        raise ValueError(_("结束日期不能早于开始日期"))
    today = timezone.localdate()
    links = Links(date_from, date_to, region, campaign)
    last_from, last_to = shift_year(date_from), shift_year(date_to)
    can = {label: user.has_perm(f"{label}.view_{model}") for label, model in (
        ("enterprises", "enterprise"), ("inspections", "inspection"), ("hazards", "hazard"),
        ("enforcement", "enforcementcase"))}

    enterprises = enterprise_figures(user, region, links)

    insp = inspection_stats(user, date_from, date_to, region=region, campaign=campaign)
    inspections = {
        "inspections": _figure("inspections.count", _("监督检查"), insp["inspections"],
                               insp["last_year"]["inspections"], links.inspections(), "次",
                               links.inspections(previous=True)),
        "places": _figure("inspections.places", _("检查企业（家）"), insp["places"], insp["last_year"]["places"],
                          links.inspections(), "家", links.inspections(previous=True)),
        "by_kind": [{**r, "url": links.inspections(kind=r["key"])} for r in insp["results"]
                    if r["dimension"] == "kind" and (r["inspections"] or r["last_year_inspections"])],
        "by_sector": [{**r, "url": links.inspections(sector=r["key"])} for r in insp["results"]
                      if r["dimension"] == "sector" and (r["inspections"] or r["last_year_inspections"])],
    }

    hazards = hazard_stats(user, date_from, date_to, region, links, today)

    cur = enforcement_stats.figures(user, date_from, date_to, region)
    prev = enforcement_stats.figures(user, last_from, last_to, region)
    per_penalty = _("按处罚项计数，同一企业的多项处罚分别计入")
    enforcement = {
        "cases_filed": _figure("enforcement.cases_filed", _("立案查处"), cur["cases_filed"], prev["cases_filed"],
                               links.cases(), "起", links.cases(previous=True)),
        # penalties count in the period of their case's decision date; the 行政处罚 list filters by it
        "penalties": _figure("enforcement.penalties", _("行政处罚"), cur["penalties"], prev["penalties"],
                             links.penalties(), "项", links.penalties(previous=True), note=_("按处罚决定日期统计")),
        "fines_total": _figure("enforcement.fines_total", _("罚款金额"), cur["fines_total"], prev["fines_total"],
                               links.penalties(kind=PenaltyKind.FINE), "元",
                               links.penalties(previous=True, kind=PenaltyKind.FINE),
                               note=_("按处罚决定日期统计，列表下方为罚款合计")),
        # enforcement.stats counts penalties of the kind, not distinct enterprises: the unit is the penalty (项)
        "suspensions": _figure("enforcement.suspensions", _("责令停产停业整顿"), cur["suspensions"],
                               prev["suspensions"], links.penalties(kind=PenaltyKind.SUSPENSION), "项",
                               links.penalties(previous=True, kind=PenaltyKind.SUSPENSION), note=per_penalty),
        "closures": _figure("enforcement.closures", _("关闭取缔"), cur["closures"], prev["closures"],
                            links.penalties(kind=PenaltyKind.CLOSURE), "项",
                            links.penalties(previous=True, kind=PenaltyKind.CLOSURE), note=per_penalty),
        "interviews": _figure("enforcement.interviews", _("约谈"), cur["interviews"], prev["interviews"],
                              links.measures(kind=MeasureKind.INTERVIEW), "次",
                              links.measures(previous=True, kind=MeasureKind.INTERVIEW)),
        "exposures": _figure("enforcement.exposures", _("曝光"), cur["exposures"], prev["exposures"],
                             links.measures(kind=MeasureKind.EXPOSURE), "次",
                             links.measures(previous=True, kind=MeasureKind.EXPOSURE)),
        "fines_by_department": [
            {**row, "amount": _yuan(row["amount"]),
             "url": links.penalties(kind=PenaltyKind.FINE, department=row["department_id"])}
            for row in cur["fines_by_department"]],
        "cases_by_department": _cases_by_department(user, date_from, date_to, region, links),
    }
    enforcement["fines_total"]["value"] = _yuan(cur["fines_total"])
    enforcement["fines_total"]["last_year"] = _yuan(prev["fines_total"])

    # trend by month: hazards found and inspections, this period and the same months last year
    hz_base = _in_region(Hazard.objects.restrict(user, "view").active(), region)
    in_base = _in_region(Inspection.objects.restrict(user, "view").active(), region)
    if campaign is not None:
        in_base = in_base.filter(campaign=campaign)
    both = Q(found_on__gte=date_from, found_on__lte=date_to) | Q(found_on__gte=last_from, found_on__lte=last_to)
    hz_months = monthly(hz_base.filter(both), "found_on")
    in_both = (Q(inspected_on__gte=date_from, inspected_on__lte=date_to)
               | Q(inspected_on__gte=last_from, inspected_on__lte=last_to))
    in_months = monthly(in_base.filter(in_both), "inspected_on")
    trend = []
    for y, m in months_between(date_from, date_to):
        key, last_key = f"{y}-{m:02d}", f"{y - 1}-{m:02d}"
        trend.append({"month": key, "hazards": hz_months.get(key, 0), "last_year_hazards": hz_months.get(last_key, 0),
                      "inspections": in_months.get(key, 0),
                      "last_year_inspections": in_months.get(last_key, 0)})

    # by township: the townships of the region (or of the user's scope) with their enterprises, inspections, hazards
    townships = _in_region(Region.objects.restrict(user).filter(level=Level.TOWNSHIP), region, path=None).order_by("code")
    ent_t = by_township(_in_region(Enterprise.objects.restrict(user, "view").active(), region))
    in_t = by_township(in_base.filter(inspected_on__gte=date_from, inspected_on__lte=date_to))
    hz_now = hz_base.filter(found_on__gte=date_from, found_on__lte=date_to)
    hz_t = by_township(hz_now)
    hz_closed_t = by_township(hz_now.filter(state=HazardState.CLOSED))
    township_rows = []
    for t in townships:
        p = t.code[:TOWNSHIP_PREFIX]
        found = hz_t.get(p, 0)
        township_rows.append({
            "id": t.pk, "code": t.code, "name": t.name, "enterprises": ent_t.get(p, 0),
            "inspections": in_t.get(p, 0), "hazards": found, "rectified": hz_closed_t.get(p, 0),
            "rate": percent(hz_closed_t.get(p, 0), found),
            "enterprises_url": Links(date_from, date_to, t, None).enterprises(),
            "inspections_url": Links(date_from, date_to, t, campaign).inspections(),
            "hazards_url": Links(date_from, date_to, t, None).hazards(),
            "rectified_url": Links(date_from, date_to, t, None).hazards(state=HazardState.CLOSED),
        })

    h = hazards["groups"][0]
    headline = [
        _figure("enterprises.total", _("辖区企业"), enterprises["total"], None, enterprises["url"], "家"),
        inspections["inspections"], inspections["places"], h["found"], h["rectified"],
        {**_figure("hazards.rate", _("隐患整改率"), h["rate"] or 0, h["last_year_rate"] or 0,
                   h["found"]["url"], "%", h["found"]["previous_url"],
                   note=_("已整改销号数 ÷ 发现隐患数；链接到所发现的隐患")),
         "value": h["rate"], "last_year": h["last_year_rate"],
         "phrase": _rate_phrase(h["rate"], h["last_year_rate"])},
        hazards["groups"][2]["found"] | {"id": "hazards.major_found", "label": _("重大事故隐患")},
        hazards["listed"], hazards["listed_closed"], hazards["overdue"],
        enforcement["cases_filed"], enforcement["penalties"], enforcement["fines_total"],
        enforcement["interviews"], enforcement["exposures"], enforcement["suspensions"], enforcement["closures"],
    ]
    return {
        "date_from": date_from.isoformat(), "date_to": date_to.isoformat(),
        "last_year": {"date_from": last_from.isoformat(), "date_to": last_to.isoformat()},
        "region": {"id": region.pk, "code": region.code, "name": region.name} if region is not None else None,
        "campaign": {"id": campaign.pk, "name": campaign.name} if campaign is not None else None,
        "can": can,
        "results": headline,
        "enterprises": enterprises, "inspections": inspections, "hazards": _hazards_json(hazards),
        "enforcement": enforcement, "by_month": trend, "by_township": township_rows,
        "generated_at": timezone.now().isoformat(),
    }


def _yuan(amount):
    return str(Decimal(amount or 0).quantize(Decimal("0.01")))


def _rate_phrase(rate, last):
    """Rates are compared in percentage points, as the bureaus write "整改率提高2.3个百分点"."""
    if rate is None or last is None:
        return ""
    diff = rate - last
    if diff > 0:
        return _("同比提高%(p)s个百分点") % {"p": number(diff)}
    if diff < 0:
        return _("同比下降%(p)s个百分点") % {"p": number(-diff)}
    return _("同比持平")


def _hazards_json(h):
    out = {k: v for k, v in h.items() if k not in ("current", "previous")}
    for g in out["groups"]:
        g["rate"] = str(g["rate"]) if g["rate"] is not None else None
        g["last_year_rate"] = str(g["last_year_rate"]) if g["last_year_rate"] is not None else None
    return out


def _cases_by_department(user, date_from, date_to, region, links):
    """Cases filed in the period by 处罚机关 (the enforcement module states fines by department, not cases)."""
    from yingji.supervision.enforcement.models import EnforcementCase

    qs = EnforcementCase.objects.restrict(user, "view").active().filter(filed_on__gte=date_from,
                                                                        filed_on__lte=date_to)
    qs = _in_region(qs, region)
    rows = (qs.order_by().values("department", "department__name").annotate(n=Count("pk"))
            .order_by("-n", "department__name"))
    return [{"key": r["department"], "label": r["department__name"], "value": r["n"],
             "url": links.cases(department=r["department"])} for r in rows]


def parse_params(user, params):
    """(date_from, date_to, region, campaign) from ?date_from=&date_to=&region=CODE&campaign=ID; ValueError with
    a Chinese message naming the bad parameter in `.field`."""
    from yingji.supervision.inspections.models import Campaign
    from yingji.supervision.inspections.stats import parse_period

    try:
        date_from, date_to = parse_period(params)
    except ValueError as e:
        raise ParamError("date_from", str(e))
    if (date_to - date_from) > datetime.timedelta(days=3660):
        raise ParamError("date_to", _("统计期间不能超过10年"))
    region = campaign = None
    code = (params.get("region") or "").strip()
    if code:
        region = Region.objects.restrict(user).filter(code=code).first() if code.isdigit() else None
        if region is None:
            raise ParamError("region", _("区划不存在或不在您的管辖范围内"))
    raw = (params.get("campaign") or "").strip()
    if raw:
        campaign = Campaign.objects.restrict(user, "view").active().filter(pk=raw).first() if raw.isdigit() else None
        if campaign is None:
            raise ParamError("campaign", _("专项行动不存在或不在您的管辖范围内"))
    return date_from, date_to, region, campaign


class ParamError(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
