"""The annual report's paragraph on natural disasters and their losses (自然灾害及灾情).

Events are those that began within the period, in the report's region or hitting one of its townships. Losses are
the sum, over those events, of each township's latest report (as services.county_rollup adds them up), so a 核报
replaces the 初报 and 续报 before it.
"""

from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from yingji.platform.core import phrasing
from yingji.platform.core.reports import Figure, P, register_section
from yingji.platform.regions import codes

from .choices import DisasterType
from .models import DisasterEvent, LossReport

LOSS_BREAKDOWN = [("loss_agriculture", "农业损失"), ("loss_housing", "居民住房及家庭财产损失"),
                  ("loss_infrastructure", "基础设施损失"), ("loss_public_services", "公共服务设施损失"),
                  ("loss_other", "其他损失")]
SUMMED = ["affected_population", "deaths", "missing", "relocated", "need_relief", "crop_affected_ha",
          "crop_damaged_ha", "crop_failed_ha", "collapsed_households", "collapsed_rooms", "severe_households",
          "severe_rooms", "minor_households", "minor_rooms", "direct_loss"] + [f for f, _l in LOSS_BREAKDOWN]


def _events(ctx, previous=False):
    lo, hi = codes.subtree_bounds(ctx.region.code, ctx.region.level)
    in_region = Q(region__code__gte=lo, region__code__lte=hi)
    hit = Q(townships__code__gte=lo, townships__code__lte=hi)
    ids = (DisasterEvent.objects.restrict(ctx.user).filter(voided_at__isnull=True)
           .filter(**ctx.period_filter("started_at", previous)).filter(in_region | hit).values("pk").distinct())
    return DisasterEvent.objects.filter(pk__in=ids)


def _latest_reports(ctx, events):
    newest = (LossReport.objects.filter(event=OuterRef("event"), region=OuterRef("region"), voided_at__isnull=True)
              .order_by("-reported_at", "-id").values("pk")[:1])
    return ctx.scoped(LossReport).filter(event__in=events.values("pk"), pk=Subquery(newest))


EVENT = phrasing.unit_for("自然灾害")  # 起, as 腾冲市 2023: 共遭受自然灾害17起


def disasters_section(ctx):
    if not ctx.can_view(DisasterEvent):
        return []
    events = _events(ctx)
    dates = ctx.date_params("started_after", "started_before")
    events_link = ctx.link("losses:disasterevent_list", **dates)
    by_type = dict(events.values_list("disaster_type").annotate(n=Count("pk")).order_by())
    n_events = sum(by_type.values())
    previous_events = _events(ctx, previous=True)
    if not n_events:
        return [P(f"{ctx.whole_text}{ctx.place}未登记自然灾害事件。")]

    items = [f"{ctx.whole_text}{ctx.place}共遭受自然灾害", Figure(n_events, EVENT, "自然灾害起数", events_link)]
    types = [(t, by_type[t.value]) for t in DisasterType if by_type.get(t.value)]
    if len(types) > 1:
        items.append("（")
        for i, (t, n) in enumerate(types):
            items += (["、"] if i else []) + [t.label, Figure(n, EVENT, f"{t.label}起数",
                                                          ctx.link("losses:disasterevent_list", disaster_type=t.value,
                                                                   **dates))]
        items.append("）")
    elif types:
        items.append(f"，均为{types[0][0].label}")

    reports = _latest_reports(ctx, events)
    sums = reports.aggregate(townships=Count("region", distinct=True), **{f: Sum(f) for f in SUMMED})
    if not sums["townships"]:
        items.append("，尚未登记灾情报告。")
        return [P(*items)]
    v = {f: (sums[f] or 0) for f in SUMMED}
    previous_loss = _latest_reports(ctx, previous_events).aggregate(s=Sum("direct_loss"))["s"] or Decimal(0)

    def fig(field, unit, label):
        return Figure(v[field], unit, label, events_link)

    items += ["，", Figure(sums["townships"], "个", "受灾乡镇（街道）", events_link), "乡镇（街道）不同程度受灾，受灾人口",
              fig("affected_population", "人", "受灾人口")]
    if v["deaths"] or v["missing"]:
        items += ["，因灾死亡", fig("deaths", "人", "因灾死亡人口"), "、失踪", fig("missing", "人", "因灾失踪人口")]
    if v["relocated"]:
        items += ["，紧急转移安置", fig("relocated", "人", "紧急转移安置人口")]
    if v["need_relief"]:
        items += ["，需紧急生活救助", fig("need_relief", "人", "需紧急生活救助人口")]
    if v["crop_affected_ha"]:
        items += ["，农作物受灾面积", fig("crop_affected_ha", "公顷", "农作物受灾面积")]
        if v["crop_failed_ha"]:
            items += ["（其中绝收", fig("crop_failed_ha", "公顷", "农作物绝收面积"), "）"]
    houses = [("collapsed", "倒塌"), ("severe", "严重损坏"), ("minor", "一般损坏")]
    damaged = [(key, name) for key, name in houses if v[f"{key}_households"] or v[f"{key}_rooms"]]
    if damaged:
        # the total first (腾冲市 2023: 民房倒损146间), then each degree with its households and rooms
        rooms = sum(v[f"{key}_rooms"] for key, _name in houses)
        parts = [(name, ([fig(f"{key}_households", "户", f"{name}房屋户数")] if v[f"{key}_households"] else [])
                  + [fig(f"{key}_rooms", "间", f"{name}房屋间数")]) for key, name in damaged]
        items += ["，", *phrasing.total_then_parts("民房倒损", Figure(rooms, "间", "倒损房屋间数", events_link), parts)]
    loss = Decimal(v["direct_loss"])
    previous = ctx.previous_figure("disaster_loss", previous_loss, ctx.link(
        "losses:disasterevent_list", **ctx.date_params("started_after", "started_before", previous=True)),
        has_records=previous_events.exists())
    items += ["，造成直接经济损失", Figure(loss, "万元", "自然灾害直接经济损失", events_link, previous=previous.value,
                                   previous_link=previous.link),
              "，", phrasing.change(loss, previous.value, "万元")]
    parts = [(field, label) for field, label in LOSS_BREAKDOWN if v[field]]
    if parts:
        items.append("，其中")
        for i, (field, label) in enumerate(parts):
            items += (["，"] if i else []) + [label, fig(field, "万元", label)]
    items.append("。")
    return [P(*items)]


register_section("disasters", "防灾减灾救灾", 50, "二、主要工作", disasters_section)
