"""Disaster statistics for a period and region: events, and the national indicators summed over each township's
latest report on each event that began in the period, with the same period last year and the bureaus' phrasing
("共遭受自然灾害17起，17个乡镇(街道)不同程度受灾，受灾人口7.1万人……直接经济损失4634.2万元，其中农业经济损失3001.8万元……").

Read through `restrict(user)`; the phrasing is platform/core/phrasing.py (one wording for the whole bureau).
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from yingji.platform.core.periods import local_bounds, period_label, previous_period
from yingji.platform.core.phrasing import change, number, percent_change, total_then_parts, wan_people
from yingji.platform.regions.models import Region

from .choices import DisasterType
from .models import INDICATOR_FIELDS, LOSS_PARTS, DisasterEvent, LossReport

TWO = Decimal("0.01")
# the unit each figure is stated in (phrasing.change compares a small count by its difference: 同比增加1起)
UNITS = {"events": "起", "townships": "个", "affected_population": "人", "deaths": "人", "missing": "人",
         "relocated": "人", "crop_affected_ha": "公顷", "crop_failed_ha": "公顷", "collapsed_rooms": "间",
         "damaged_rooms": "间", "direct_loss": "万元"}
HEADLINE = ["events", "townships", "affected_population", "deaths", "missing", "relocated", "crop_affected_ha",
            "crop_failed_ha", "collapsed_rooms", "damaged_rooms", "direct_loss"]


def _events(user, lo, hi, region):
    qs = DisasterEvent.objects.restrict(user, "view").active().filter(started_at__gte=lo, started_at__lt=hi)
    if region is not None:
        ids = Region.objects.subtree(region).values("pk")
        affected = DisasterEvent.townships.through.objects.filter(region__in=ids).values("disasterevent_id")
        qs = qs.filter(Q(region__in=ids) | Q(pk__in=affected))
    return qs


def _latest(user, events, region):
    newest = (LossReport.objects.filter(event=OuterRef("event"), region=OuterRef("region"), voided_at__isnull=True)
              .order_by("-reported_at", "-id").values("pk")[:1])
    qs = LossReport.objects.restrict(user, "view").filter(voided_at__isnull=True, event__in=events.values("pk"),
                                                          pk=Subquery(newest))
    if region is not None:
        qs = qs.filter(region__in=Region.objects.subtree(region).values("pk"))
    return qs


def _figures(user, lo, hi, region):
    events = _events(user, lo, hi, region)
    latest = _latest(user, events, region)
    sums = latest.aggregate(townships=Count("region", distinct=True), **{f: Sum(f) for f in INDICATOR_FIELDS})
    out = {"events": events.count(), "townships": sums.pop("townships") or 0}
    for f in INDICATOR_FIELDS:
        value = sums[f]
        decimal = LossReport._meta.get_field(f).get_internal_type() == "DecimalField"
        out[f] = Decimal(value or 0).quantize(TWO) if decimal else (value or 0)
    out["damaged_rooms"] = out["severe_rooms"] + out["minor_rooms"]
    by_type = {row["event__disaster_type"]: row for row in latest.order_by().values("event__disaster_type").annotate(
        n=Count("event", distinct=True), people=Sum("affected_population"), loss=Sum("direct_loss"))}
    return out, by_type, events


def people_text(n):
    """12345 → "1.2万人", 980 → "980人" (the bureaus write large counts in 万)."""
    return wan_people(n)


def amount_text(value):
    """A Decimal without trailing zeros: 3849.30 → "3849.3", 270.00 → "270"."""
    return number(Decimal(value or 0).quantize(TWO))


def disaster_stats(user, start, end, region=None):
    p_start, p_end = previous_period(start, end)
    cur, cur_types, events = _figures(user, *local_bounds(start, end), region)
    prev, prev_types, _previous_events = _figures(user, *local_bounds(p_start, p_end), region)

    def link(name, period, **extra):
        params = {"started_after": period[0].isoformat(), "started_before": period[1].isoformat(), **extra}
        if region is not None:
            params["region"] = region.pk
        return f"{reverse(name)}?{urlencode(params)}"

    figures = []
    for key in HEADLINE:
        c, p = cur[key], prev[key]
        pct = percent_change(c, p)
        figures.append({"key": key, "label": str(LABELS[key]), "value": _json(c), "previous": _json(p),
                        "change_percent": str(pct) if pct is not None else None, "phrase": change(c, p, UNITS[key])})
    breakdown = [{"key": f, "label": str(PART_LABELS[f]), "value": _json(cur[f]), "previous": _json(prev[f]),
                  "phrase": change(cur[f], prev[f], "万元")} for f in LOSS_PARTS]
    by_type = []
    for code, label in DisasterType.choices:
        c, p = cur_types.get(code), prev_types.get(code)
        if not c and not p:
            continue
        by_type.append({"key": code, "label": str(label), "events": c["n"] if c else 0,
                        "previous_events": p["n"] if p else 0,
                        "affected_population": (c["people"] or 0) if c else 0,
                        "direct_loss": _json(Decimal(c["loss"] or 0).quantize(TWO)) if c else "0.00",
                        "url": link("losses:disasterevent_list", (start, end), disaster_type=code)})
    where = region.name if region is not None else _("全部辖区")
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat(), "label": period_label(start, end)},
        "previous_period": {"start": p_start.isoformat(), "end": p_end.isoformat(),
                            "label": period_label(p_start, p_end)},
        "region": ({"id": region.pk, "code": region.code, "name": region.name} if region is not None else None),
        "figures": figures,
        "loss_breakdown": breakdown,
        "by_type": by_type,
        "summary": summary_text(period_label(start, end), where, cur, prev),
        "events_url": link("losses:disasterevent_list", (start, end)),
        "previous_events_url": link("losses:disasterevent_list", (p_start, p_end)),
        "results": [{"id": e.pk, "name": e.name, "disaster_type": e.disaster_type,
                     "disaster_type_display": e.get_disaster_type_display(),
                     "started_at": e.started_at.isoformat(), "url": e.get_absolute_url()}
                    for e in events.order_by("started_at")],
    }


def _json(value):
    return str(value) if isinstance(value, Decimal) else value


LABELS = {
    "events": _lazy("自然灾害（起）"), "townships": _lazy("受灾乡镇（街道）（个）"), "affected_population": _lazy("受灾人口（人）"),
    "deaths": _lazy("因灾死亡（人）"), "missing": _lazy("因灾失踪（人）"), "relocated": _lazy("紧急转移安置（人）"),
    "crop_affected_ha": _lazy("农作物受灾面积（公顷）"), "crop_failed_ha": _lazy("农作物绝收面积（公顷）"),
    "collapsed_rooms": _lazy("倒塌房屋（间）"), "damaged_rooms": _lazy("损坏房屋（间）"), "direct_loss": _lazy("直接经济损失（万元）"),
}
PART_LABELS = {"loss_agriculture": _lazy("农业损失"), "loss_housing": _lazy("居民住房及家庭财产损失"),
               "loss_infrastructure": _lazy("基础设施损失"), "loss_public_services": _lazy("公共服务设施损失"),
               "loss_other": _lazy("其他损失")}


def summary_text(label, where, cur, prev):
    if cur["events"] == 0:
        text = _("%(label)s，%(where)s未发生造成损失的自然灾害") % {"label": label, "where": where}
        if prev["events"]:
            text += _("（去年同期%(n)d起）") % {"n": prev["events"]}
        return text + "。"
    parts = [_("%(label)s，%(where)s共遭受自然灾害%(n)d起") % {"label": label, "where": where, "n": cur["events"]}]
    if cur["townships"]:
        parts.append(_("%(n)d个乡镇（街道）不同程度受灾") % {"n": cur["townships"]})
    parts.append(_("受灾人口%(p)s") % {"p": people_text(cur["affected_population"])})
    if cur["deaths"] or cur["missing"]:
        parts.append(_("因灾死亡%(d)d人、失踪%(m)d人") % {"d": cur["deaths"], "m": cur["missing"]})
    else:
        parts.append(_("无人员因灾死亡失踪"))
    if cur["relocated"]:
        parts.append(_("紧急转移安置%(p)s") % {"p": people_text(cur["relocated"])})
    if cur["crop_affected_ha"]:
        crop = _("农作物受灾%(a)s公顷") % {"a": amount_text(cur["crop_affected_ha"])}
        if cur["crop_failed_ha"]:
            crop += _("（其中绝收%(a)s公顷）") % {"a": amount_text(cur["crop_failed_ha"])}
        parts.append(crop)
    houses = cur["collapsed_rooms"] + cur["damaged_rooms"]
    if houses:  # the total before its breakdown (phrasing rule 5)
        parts.append("".join(map(str, total_then_parts(_("民房倒损"), _("%(n)d间") % {"n": houses}, [
            (_("倒塌"), _("%(n)d间") % {"n": cur["collapsed_rooms"]} if cur["collapsed_rooms"] else None),
            (_("损坏"), _("%(n)d间") % {"n": cur["damaged_rooms"]} if cur["damaged_rooms"] else None)]))))
    loss = _("造成直接经济损失%(t)s万元") % {"t": amount_text(cur["direct_loss"])}
    details = [_("%(label)s%(v)s万元") % {"label": PART_LABELS[f], "v": amount_text(cur[f])}
               for f in LOSS_PARTS if cur[f]]
    if details:
        loss += _("，其中") + "，".join(details)
    parts.append(loss)
    text = "，".join(parts)
    text += _("；灾害起数%(a)s，直接经济损失%(b)s") % {"a": change(cur["events"], prev["events"], "起"),
                                                "b": change(cur["direct_loss"], prev["direct_loss"], "万元")}
    return text + "。"
