"""The annual report's 一、安全生产基本情况: accidents, deaths, injuries and loss with their 同比, by the bureau's
categories (事故统计分类, a rule table a province can replace), the 工矿商贸 roll-up, 较大及以上.

The figures and links come from stats.accident_stats (the same numbers the statistics page and API state); the
wording from core.phrasing (docs/reports.md, "Phrasing rules"). When the previous period has no accident records at
all, last year's figures come from the 基期 table (ctx.previous_figure), and the sentence reads the same.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from yingji.platform.core import phrasing
from yingji.platform.core.phrasing import double_decline_phrase, wan, with_changes
from yingji.platform.core.reports import Figure, P, register_section

from .choices import CategoryKind
from .models import Accident, SectorCategory
from .stats import accident_stats

EVENT = phrasing.unit_for("生产安全事故")  # 起


def _sector_name(label):
    """"工矿商贸-机械" → "工矿商贸（机械）" for prose."""
    head, sep, tail = str(label).partition("-")
    return f"{head}（{tail}）" if sep else head


def _sum(rows):
    keys = ("count", "deaths", "previous_count", "previous_deaths")
    return {k: sum(r[k] for r in rows) for k in keys}


def accidents_section(ctx):
    if not ctx.can_view(Accident):
        return []
    stats = accident_stats(ctx.user, ctx.start, ctx.end, ctx.region)
    t, larger = stats["totals"], stats["larger_or_above"]
    has_previous = bool(t["previous_count"])

    def previous(indicator, value, link=None):
        return ctx.previous_figure(indicator, value, link or t["previous_url"], has_records=has_previous)

    def fig(row, measure, unit, label, value=None, previous=None):
        return Figure(row[measure] if value is None else value, unit, label, row["url"],
                      previous=row[f"previous_{measure}"] if previous is None else previous,
                      previous_link=row["previous_url"])

    count_prev = previous("accidents", t["previous_count"])
    deaths_prev = previous("accident_deaths", t["previous_deaths"])
    if t["count"] == 0:
        items = [f"{ctx.period_text}，{ctx.place}未发生生产安全事故"]
        if count_prev.value:
            items += ["（去年同期发生", Figure(count_prev.value, EVENT, "去年同期生产安全事故起数", count_prev.link),
                      "，死亡", Figure(deaths_prev.value, "人", "去年同期生产安全事故死亡人数", deaths_prev.link), "）"]
            phrase = double_decline_phrase(0, count_prev.value, 0, deaths_prev.value)
            if phrase:
                items.append(f"，{phrase}")
        items.append("。")
        return [P(*items)]

    def measured(measure, unit, label, prev):
        f = Figure(t[measure], unit, label, t["url"], previous=prev.value, previous_link=prev.link)
        return f, t[measure], prev.value

    count, n, n_prev = measured("count", EVENT, "生产安全事故起数", count_prev)
    deaths, d, d_prev = measured("deaths", "人", "生产安全事故死亡人数", deaths_prev)
    rows = [("", count, n, n_prev, EVENT), ("死亡", deaths, d, d_prev, "人")]
    items = [f"{ctx.period_text}，{ctx.place}{phrasing.ACCIDENT_TOTAL}", *with_changes(rows)]
    if t["missing"] or t["previous_missing"]:
        items += ["；", *with_changes([("下落不明", fig(t, "missing", "人", "生产安全事故下落不明人数"),
                                        t["missing"], t["previous_missing"], "人")])]
    injuries_prev = previous("accident_injuries", t["previous_injuries"])
    injuries, i, i_prev = measured("injuries", "人", "生产安全事故受伤人数", injuries_prev)
    loss = wan(Decimal(t["loss"]))
    loss_prev = previous("accident_loss", wan(Decimal(t["previous_loss"])))
    loss_figure = Figure(loss, "万元", "生产安全事故直接经济损失", t["url"], previous=loss_prev.value,
                         previous_link=loss_prev.link)
    # no one injured in either year: nothing to say about injuries
    injured = [("受伤", injuries, i, i_prev, "人")] if i or i_prev else []
    items += ["；", *with_changes([*injured, ("直接经济损失", loss_figure, loss, loss_prev.value, "万元")])]
    phrase = double_decline_phrase(n, n_prev, d, d_prev)
    if phrase:
        items.append(f"，{phrase}")
    items.append("。")
    paragraphs = [P(*items)]

    breakdown = categories_paragraph(ctx, stats)
    if breakdown is not None:
        paragraphs.append(breakdown)

    if larger["count"]:
        items = [f"{ctx.whole_text}发生较大及以上生产安全事故", fig(larger, "count", EVENT, "较大及以上生产安全事故起数"),
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


def categories_paragraph(ctx, stats):
    """"其中，道路交通7起、死亡6人；工贸1起、死亡1人。工矿商贸领域共发生事故1起，同比减少1起；死亡1人，……。"

    The categories are the 事故统计分类 rows in force at the period's end for the region (a province's own list
    replaces the national one); sectors no category covers are stated as 其他行业领域. Without any row, each sector
    is stated by its own name."""
    by_code = {r["key"]: r for r in stats["by_sector"]}
    categories = SectorCategory.objects.categories_for(ctx.end, ctx.region)
    dates = ctx.date_params("occurred_after", "occurred_before")
    previous_dates = ctx.date_params("occurred_after", "occurred_before", previous=True)

    def link(category, previous=False):
        params = {"region": ctx.region.pk, **(previous_dates if previous else dates)}
        if len(category.sectors) == 1:
            params["sector"] = category.sectors[0]
        else:
            params["category"] = category.pk
        return ctx.link("accidents:accident_list", **params)

    def stated(name, row, link_now, link_before):
        items = [name, Figure(row["count"], EVENT, f"{name}事故起数", link_now, previous=row["previous_count"],
                              previous_link=link_before)]
        if row["deaths"]:
            items += ["、死亡", Figure(row["deaths"], "人", f"{name}事故死亡人数", link_now,
                                     previous=row["previous_deaths"], previous_link=link_before)]
        return items

    parts = []
    if not categories:
        for r in sorted((r for r in stats["by_sector"] if r["count"]), key=lambda r: (-r["count"], -r["deaths"])):
            parts.append(stated(_sector_name(r["label"]), r, r["url"], r["previous_url"]))
    else:
        covered = set()
        for c in categories:
            if c.kind != CategoryKind.BREAKDOWN:
                continue
            covered |= set(c.sectors)
            row = _sum([by_code[s] for s in c.sectors if s in by_code])
            if row["count"]:
                parts.append(stated(c.name, row, link(c), link(c, previous=True)))
        rest = [r for key, r in by_code.items() if key not in covered]
        row = _sum(rest)
        if row["count"]:
            own = rest[0] if len(rest) == 1 else None
            parts.append(stated("其他行业领域", row, own["url"] if own else None,
                                own["previous_url"] if own else None))
    items = []
    if len(parts) == 1 and parts[0][1].value == stats["totals"]["count"]:
        items += ["均为", parts[0][0], "事故。"]
    elif parts:
        items.append("其中，")
        for n, part in enumerate(parts):
            items += (["；"] if n else []) + part
        items.append("。")
    for c in categories:
        if c.kind != CategoryKind.ROLLUP:
            continue
        row = _sum([by_code[s] for s in c.sectors if s in by_code])
        if row["count"]:
            now, before = link(c), link(c, previous=True)
            count = Figure(row["count"], EVENT, f"{c.name}事故起数", now, previous=row["previous_count"],
                           previous_link=before)
            deaths = Figure(row["deaths"], "人", f"{c.name}事故死亡人数", now, previous=row["previous_deaths"],
                            previous_link=before)
            items += [f"{c.name}领域共发生事故", *with_changes([
                ("", count, row["count"], row["previous_count"], EVENT),
                ("死亡", deaths, row["deaths"], row["previous_deaths"], "人")]), "。"]
        elif c.state_when_none:
            items.append(f"{c.name}领域未发生生产安全事故。")
    return P(*items) if items else None


register_section("accidents", "生产安全事故", 10, "一、安全生产基本情况", accidents_section)
