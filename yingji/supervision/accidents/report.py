"""The annual report's 一、安全生产基本情况: accidents, deaths, injuries and loss with their 同比, by sector, 较大及以上.

The figures and links come from stats.accident_stats (the same numbers the statistics page and API state).
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from yingji.platform.core.phrasing import double_decline_phrase, wan, yoy
from yingji.platform.core.reports import Figure, P, register_section

from .models import Accident
from .stats import accident_stats


def _sector_name(label):
    """"工矿商贸-机械" → "工矿商贸（机械）" for prose."""
    head, sep, tail = str(label).partition("-")
    return f"{head}（{tail}）" if sep else head


def accidents_section(ctx):
    if not ctx.can_view(Accident):
        return []
    stats = accident_stats(ctx.user, ctx.start, ctx.end, ctx.region)
    t, larger, it = stats["totals"], stats["larger_or_above"], stats["industrial_trade"]

    def fig(row, measure, unit, label, value=None, previous=None):
        return Figure(row[measure] if value is None else value, unit, label, row["url"],
                      previous=row[f"previous_{measure}"] if previous is None else previous,
                      previous_link=row["previous_url"])

    if t["count"] == 0:
        items = [f"{ctx.period_text}，{ctx.place}未发生生产安全事故"]
        if t["previous_count"]:
            items += ["（去年同期发生", Figure(t["previous_count"], "起", "去年同期生产安全事故起数",
                                          t["previous_url"]), "，死亡",
                      Figure(t["previous_deaths"], "人", "去年同期生产安全事故死亡人数", t["previous_url"]), "）"]
            phrase = double_decline_phrase(0, t["previous_count"], 0, t["previous_deaths"])
            if phrase:
                items.append(f"，{phrase}")
        items.append("。")
        return [P(*items)]

    loss = Decimal(t["loss"])
    previous_loss = Decimal(t["previous_loss"])
    items = [f"{ctx.period_text}，{ctx.place}共发生生产安全事故", fig(t, "count", "起", "生产安全事故起数"), "，",
             yoy(t["count"], t["previous_count"]), "；死亡", fig(t, "deaths", "人", "生产安全事故死亡人数"), "，",
             yoy(t["deaths"], t["previous_deaths"])]
    if t["missing"] or t["previous_missing"]:
        items += ["；下落不明", fig(t, "missing", "人", "生产安全事故下落不明人数"), "，",
                  yoy(t["missing"], t["previous_missing"])]
    items += ["；受伤", fig(t, "injuries", "人", "生产安全事故受伤人数"), "，", yoy(t["injuries"], t["previous_injuries"]),
              "；直接经济损失", Figure(wan(loss), "万元", "生产安全事故直接经济损失", t["url"], previous=wan(previous_loss),
                                 previous_link=t["previous_url"]), "，", yoy(loss, previous_loss)]
    phrase = double_decline_phrase(t["count"], t["previous_count"], t["deaths"], t["previous_deaths"])
    if phrase:
        items.append(f"，{phrase}")
    items.append("。")
    paragraphs = [P(*items)]

    sectors = sorted((r for r in stats["by_sector"] if r["count"]), key=lambda r: (-r["count"], -r["deaths"]))
    if sectors:
        items = ["其中，"]
        for i, r in enumerate(sectors):
            name = _sector_name(r["label"])
            items += (["；"] if i else []) + [f"{name}", fig(r, "count", "起", f"{name}事故起数"), "、死亡",
                                              fig(r, "deaths", "人", f"{name}事故死亡人数")]
        if it["count"] and len(sectors) > 1:
            items += ["。工矿商贸领域共发生事故", fig(it, "count", "起", "工矿商贸事故起数"), "、死亡",
                      fig(it, "deaths", "人", "工矿商贸事故死亡人数"), "，", yoy(it["count"], it["previous_count"])]
        items.append("。")
        paragraphs.append(P(*items))

    if larger["count"]:
        items = [f"{ctx.whole_text}发生较大及以上生产安全事故", fig(larger, "count", "起", "较大及以上生产安全事故起数"),
                 "，死亡", fig(larger, "deaths", "人", "较大及以上生产安全事故死亡人数")]
        details = []
        for a in stats["results"]:
            when = timezone.localtime(parse_datetime(a["occurred_at"]))
            details.append(f"{when.month}月{when.day}日{a['unit_name'] or a['place']}{a['grade_display']}")
        if details:
            items.append("（" + "；".join(details) + "）")
        items.append("。")
        paragraphs.append(P(*items))
    else:
        paragraphs.append(P(f"{ctx.whole_text}未发生较大及以上生产安全事故。"))
    return paragraphs


register_section("accidents", "生产安全事故", 10, "一、安全生产基本情况", accidents_section)
