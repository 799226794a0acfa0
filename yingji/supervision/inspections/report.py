"""The annual report's paragraph on supervision inspections (监督检查) and special campaigns (专项行动).

Inspection figures come from stats.inspection_stats, the same numbers as the statistics page and API.
"""

from yingji.platform.core.phrasing import change
from yingji.platform.core.reports import Figure, P, register_section
from yingji.supervision.campaigns.models import Campaign

from .models import Inspection
from .stats import inspection_stats

MAX_CAMPAIGN_NAMES = 5


def inspections_section(ctx):
    if not ctx.can_view(Inspection):
        return []
    stats = inspection_stats(ctx.user, ctx.start, ctx.end, region=ctx.region)
    base = {**ctx.date_params("date_from", "date_to"), "township": ctx.township_param}
    previous_link = ctx.link("inspections:inspection_list", **ctx.date_params("date_from", "date_to", previous=True),
                             township=ctx.township_param)

    def link(**params):
        return ctx.link("inspections:inspection_list", **base, **params)

    n, previous = stats["inspections"], stats["last_year"]["inspections"]
    # 基期: last year's total when the previous period has no inspection records
    before = ctx.previous_figure("inspections", previous, previous_link, has_records=bool(previous))
    previous, previous_link = before.value, before.link
    if not n:
        items = [f"{ctx.whole_text}平台未登记安全生产监督检查记录"]
        if previous:
            items += ["（去年同期", Figure(previous, "次", "去年同期监督检查次数", previous_link), "）"]
        paragraphs = [P(*items, "。")]
    else:
        items = [f"{ctx.whole_text}共开展安全生产监督检查", Figure(n, "次", "监督检查次数", link(), previous=previous,
                                                          previous_link=previous_link),
                 "，", change(n, previous, "次"), "，检查生产经营单位",
                 Figure(stats["places"], "家", "被检查生产经营单位", link(),
                        previous=stats["last_year"]["places"] if before.baseline is None else None,
                        previous_link=previous_link if before.baseline is None else None)]
        kinds = [r for r in stats["results"] if r["dimension"] == "kind" and r["inspections"]]
        if len(kinds) > 1:
            items.append("，其中")
            for i, r in enumerate(kinds):
                items += (["、"] if i else []) + [r["label"], Figure(r["inspections"], "次", f"{r['label']}次数",
                                                                    link(kind=r["key"]))]
        items.append("。")
        paragraphs = [P(*items)]

    if ctx.can_view(Campaign):
        campaigns = list(ctx.records(Campaign, "start_date", is_datetime=False).order_by("start_date", "pk")
                         .values_list("name", flat=True))
        if campaigns:
            names = "、".join(f"“{c}”" for c in campaigns[:MAX_CAMPAIGN_NAMES])
            more = "等" if len(campaigns) > MAX_CAMPAIGN_NAMES else ""
            paragraphs.append(P("组织开展", names, f"{more}专项行动", Figure(
                len(campaigns), "项", "专项行动", ctx.link("campaigns:campaign_list", year=ctx.year)), "。"))
    return paragraphs


register_section("inspections", "安全生产监督检查", 25, "二、主要工作", inspections_section)
