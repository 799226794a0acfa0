"""Accident statistics for a period and a region, with the same period last year and the bureaus' phrasing.

Everything is read through `Accident.objects.restrict(user)` with aggregate queries: one for the totals of both
periods, one by sector, one by grade, one by month, one for the list of 较大及以上 accidents.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core.periods import local_bounds, period_label, previous_period
from yingji.platform.core.phrasing import change, double_decline_phrase, percent_change, wan_text
from yingji.platform.regions.models import Region

from .choices import INDUSTRIAL_TRADE, Grade, Sector
from .models import Accident, AccidentInvestigation

MEASURES = ("count", "deaths", "missing", "serious_injuries", "injuries", "loss")
# the unit each measure is stated in (phrasing.change compares a small count by its difference: 同比增加1人)
UNITS = {"count": "起", "deaths": "人", "missing": "人", "serious_injuries": "人", "injuries": "人", "loss": "万元"}
MEASURE_LABELS = {"count": _("事故起数"), "deaths": _("死亡人数"), "missing": _("下落不明人数"),
                  "serious_injuries": _("重伤人数"), "injuries": _("受伤人数"), "loss": _("直接经济损失")}
# the key of the row that counts values outside a field's choices, and the list filter value selecting them
UNKNOWN = "unknown"


# --- phrasing (the one phrasing module is platform/core/phrasing.py) ----------------------------------------------
def double_fall(current, previous):
    """"事故起数和死亡人数实现双下降" when both fell on last year, else ""."""
    return double_decline_phrase(current["count"], previous["count"], current["deaths"], previous["deaths"])


# --- queries ----------------------------------------------------------------------------------------------------
def _sums(prefix_q):
    return {
        "count": Count("pk", filter=prefix_q),
        "deaths": Sum("deaths", filter=prefix_q, default=0),
        "missing": Sum("missing", filter=prefix_q, default=0),
        "serious_injuries": Sum("serious_injuries", filter=prefix_q, default=0),
        "injuries": Sum("injuries", filter=prefix_q, default=0),
        "loss": Sum("direct_loss", filter=prefix_q, default=Decimal(0)),
    }


def _split(row):
    cur = {m: row[f"cur_{m}"] or 0 for m in MEASURES}
    prev = {m: row[f"prev_{m}"] or 0 for m in MEASURES}
    cur["loss"], prev["loss"] = Decimal(cur["loss"]), Decimal(prev["loss"])
    return cur, prev


def _annotations(cur_q, prev_q):
    return {**{f"cur_{k}": v for k, v in _sums(cur_q).items()}, **{f"prev_{k}": v for k, v in _sums(prev_q).items()}}


def accident_stats(user, start, end, region=None):
    """The statistics dict (JSON-ready) of the accidents `user` may see in `region`'s subtree from start to end."""
    p_start, p_end = previous_period(start, end)
    cur_lo, cur_hi = local_bounds(start, end)
    prev_lo, prev_hi = local_bounds(p_start, p_end)
    cur_q = Q(occurred_at__gte=cur_lo, occurred_at__lt=cur_hi)
    prev_q = Q(occurred_at__gte=prev_lo, occurred_at__lt=prev_hi)
    qs = Accident.objects.restrict(user, "view").active().filter(cur_q | prev_q)
    if region is not None:
        qs = qs.filter(region__in=Region.objects.subtree(region).values("pk"))
    ann = _annotations(cur_q, prev_q)

    totals_row = qs.aggregate(**ann)
    cur, prev = _split(totals_row)
    link = _Linker(start, end, p_start, p_end, region)

    sector_rows = {r["sector"]: _split(r) for r in qs.order_by().values("sector").annotate(**ann)}
    # qs holds only the two periods' accidents, so every sector grouped here had one in either period
    by_sector = [_row(code, str(Sector(code).label), *sector_rows[code], link, sector=code)
                 for code in Sector.values if code in sector_rows]
    by_sector += _unknown_row(sector_rows, Sector.values, link, sector_group=UNKNOWN)
    it_cur = _add([c for code, (c, p) in sector_rows.items() if code in INDUSTRIAL_TRADE])
    it_prev = _add([p for code, (c, p) in sector_rows.items() if code in INDUSTRIAL_TRADE])
    industrial = _row("industrial_trade", _("工矿商贸"), it_cur, it_prev, link, sector_group="industrial_trade")

    grade_rows = {r["grade"]: _split(r) for r in qs.order_by().values("grade").annotate(**ann)}
    empty = {m: (Decimal(0) if m == "loss" else 0) for m in MEASURES}
    by_grade = [_row(g.value, str(g.label), *grade_rows.get(g.value, (empty, empty)), link, grade=g.value)
                for g in Grade]
    by_grade += _unknown_row(grade_rows, Grade.values, link, severity=UNKNOWN)
    larger_grades = [g for g in Grade.values if g <= Grade.LARGER]
    lg_cur = _add([grade_rows[g][0] for g in larger_grades if g in grade_rows])
    lg_prev = _add([grade_rows[g][1] for g in larger_grades if g in grade_rows])
    larger = _row("larger_or_above", _("较大及以上"), lg_cur, lg_prev, link, severity=Grade.LARGER.value)

    months = {}
    for r in (qs.order_by().annotate(month=TruncMonth("occurred_at")).values("month")
              .annotate(count=Count("pk"), deaths=Sum("deaths", default=0))):
        month = r["month"]
        key = (month.year, month.month)
        months[key] = (r["count"], r["deaths"])
    by_month = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        c = months.get((y, m), (0, 0))
        p = months.get((y - 1, m), (0, 0))
        by_month.append({"month": f"{y}-{m:02d}", "count": c[0], "deaths": c[1],
                         "previous_count": p[0], "previous_deaths": p[1]})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)

    larger_list = [{
        "id": a.pk, "occurred_at": a.occurred_at.isoformat(), "place": a.place, "unit_name": a.unit_name,
        "region": a.region.name, "sector": a.get_sector_display(), "grade": a.grade,
        "grade_display": a.get_grade_display(), "deaths": a.deaths, "missing": a.missing,
        "serious_injuries": a.serious_injuries, "loss_wan": str(a.loss_wan), "url": a.get_absolute_url()}
        for a in qs.filter(cur_q, grade__in=larger_grades).select_related("region").order_by("occurred_at")]

    investigations = investigation_figures(user, start, end, region)
    totals = _row("total", _("合计"), cur, prev, link)
    where = region.name if region is not None else _("全部辖区")
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat(), "label": period_label(start, end)},
        "previous_period": {"start": p_start.isoformat(), "end": p_end.isoformat(),
                            "label": period_label(p_start, p_end)},
        "region": ({"id": region.pk, "code": region.code, "name": region.name} if region is not None else None),
        "totals": totals,
        "larger_or_above": larger,
        "industrial_trade": industrial,
        "by_sector": by_sector,
        "by_grade": by_grade,
        "by_month": by_month,
        "double_fall": bool(double_fall(cur, prev)),
        "investigations": investigations,
        "summary": summary_text(period_label(start, end), where, cur, prev, larger) + investigations["phrase"],
        "results": larger_list,
        "generated_at": timezone.now().isoformat(),
    }


def investigation_figures(user, start, end, region=None):
    """Investigations whose report was approved (批复) in the period and who was held liable."""
    qs = AccidentInvestigation.objects.restrict(user, "view").active().filter(
        approved_on__gte=start, approved_on__lte=end, accident__voided_at__isnull=True)
    if region is not None:
        qs = qs.filter(accident__region__in=Region.objects.subtree(region).values("pk"))
    agg = qs.aggregate(completed=Count("pk"), criminal=Sum("criminal_count", default=0),
                       discipline=Sum("discipline_count", default=0), penalised=Sum("penalised_count", default=0),
                       fines=Sum("enterprise_fine", default=Decimal(0)))
    phrase = ""
    if agg["completed"]:
        phrase = _("依法完成%(n)d起生产安全事故调查") % {"n": agg["completed"]}
        held = []
        if agg["criminal"]:
            held.append(_("%(n)d人被追究刑事责任") % {"n": agg["criminal"]})
        if agg["discipline"]:
            held.append(_("%(n)d人受到党纪政务处分") % {"n": agg["discipline"]})
        if agg["fines"]:
            held.append(_("对事故单位罚款%(w)s万元") % {"w": wan_text(agg["fines"])})
        phrase += ("，" + "，".join(held) if held else "") + "。"
    params = {"approved_after": start.isoformat(), "approved_before": end.isoformat()}
    return {"completed": agg["completed"], "criminal": agg["criminal"], "discipline": agg["discipline"],
            "penalised": agg["penalised"], "fines": str(Decimal(agg["fines"]).quantize(Decimal("0.01"))),
            "fines_wan": wan_text(agg["fines"]), "phrase": phrase,
            "url": f"{reverse('accidents:accidentinvestigation_list')}?{urlencode(params)}"}


def _unknown_row(rows, known, link, **filters):
    """[] or one row "其他/未知" summing the values outside the field's choices (a choice removed since, a bad
    import), with those raw values in `raw_values`, so the breakdown still adds up to the totals."""
    unknown = sorted((value for value in rows if value not in known), key=str)
    if not unknown:
        return []
    row = _row(UNKNOWN, _("其他/未知"), _add([rows[v][0] for v in unknown]), _add([rows[v][1] for v in unknown]), link,
               **filters)
    row["raw_values"] = [value if value is None or isinstance(value, int) else str(value) for value in unknown]
    return [row]


def _add(rows):
    total = {m: (Decimal(0) if m == "loss" else 0) for m in MEASURES}
    for r in rows:
        for m in MEASURES:
            total[m] += r[m]
    return total


def _row(key, label, cur, prev, link, **filters):
    row = {"key": key, "label": label}
    for m in MEASURES:
        c, p = cur[m], prev[m]
        if m == "loss":
            row["loss"] = str(Decimal(c).quantize(Decimal("0.01")))
            row["loss_wan"] = wan_text(c)
            row["previous_loss"] = str(Decimal(p).quantize(Decimal("0.01")))
            row["previous_loss_wan"] = wan_text(p)
        else:
            row[m], row[f"previous_{m}"] = c, p
        pct = percent_change(c, p)
        row[f"{m}_change_percent"] = str(pct) if pct is not None else None
        row[f"{m}_phrase"] = change(c, p, UNITS[m])
    row["url"] = link.current(**filters)
    row["previous_url"] = link.previous(**filters)
    return row


class _Linker:
    """URLs of the accident list filtered to exactly the records behind a figure."""

    def __init__(self, start, end, p_start, p_end, region):
        self.base = reverse("accidents:accident_list")
        self.cur, self.prev, self.region = (start, end), (p_start, p_end), region

    def _url(self, period, filters):
        params = {"occurred_after": period[0].isoformat(), "occurred_before": period[1].isoformat()}
        if self.region is not None:
            params["region"] = self.region.pk
        params.update({k: v for k, v in filters.items() if v is not None})
        return f"{self.base}?{urlencode(params)}"

    def current(self, **filters):
        return self._url(self.cur, filters)

    def previous(self, **filters):
        return self._url(self.prev, filters)


def summary_text(label, where, cur, prev, larger):
    """The paragraph a bureau writes: "2023年，安澜县共发生各类生产安全事故9起，同比下降50%；死亡10人，同比下降44.4%……"."""
    if cur["count"] == 0:
        text = _("%(label)s，%(where)s未发生生产安全事故") % {"label": label, "where": where}
        if prev["count"]:
            text += _("（去年同期发生%(n)d起，死亡%(d)d人）") % {"n": prev["count"], "d": prev["deaths"]}
    else:
        parts = [
            _("%(label)s，%(where)s共发生各类生产安全事故%(n)d起，%(p)s") % {
                "label": label, "where": where, "n": cur["count"], "p": change(cur["count"], prev["count"], "起")},
            _("死亡%(n)d人，%(p)s") % {"n": cur["deaths"], "p": change(cur["deaths"], prev["deaths"], "人")},
        ]
        if cur["missing"] or prev["missing"]:
            parts.append(_("下落不明%(n)d人，%(p)s") % {"n": cur["missing"],
                                                    "p": change(cur["missing"], prev["missing"], "人")})
        parts.append(_("受伤%(n)d人，%(p)s") % {"n": cur["injuries"], "p": change(cur["injuries"],
                                                                                prev["injuries"], "人")})
        parts.append(_("直接经济损失%(n)s万元，%(p)s") % {"n": wan_text(cur["loss"]), "p": change(cur["loss"],
                                                                                        prev["loss"], "万元")})
        text = "；".join(parts)
    if larger["count"]:
        text += _("；其中较大及以上事故%(n)d起") % {"n": larger["count"]}
    else:
        text += _("；未发生较大及以上生产安全事故")
    fall = double_fall(cur, prev)
    if fall:
        text += f"，{fall}"
    return text + "。"
