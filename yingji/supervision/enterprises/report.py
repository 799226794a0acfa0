"""The annual report's paragraph on the enterprises under supervision and their major hazard sources (一企一档)."""

from django.db.models import Count

from yingji.platform.core.reports import Figure, P, register_section

from .choices import HAZCHEM_SECTORS, MajorHazardLevel, OperatingStatus, RiskGrade, Sector
from .models import Enterprise, MajorHazardSource

# how the bureaus group enterprises when they count them
SECTOR_GROUPS = [
    ("危险化学品企业", HAZCHEM_SECTORS),
    ("非煤矿山企业", (Sector.NON_COAL_MINE,)),
    ("烟花爆竹企业", (Sector.FIREWORKS,)),
    ("工贸企业", (Sector.INDUSTRY_TRADE,)),
    ("建筑施工企业", (Sector.CONSTRUCTION,)),
    ("道路运输企业", (Sector.ROAD_TRANSPORT,)),
    ("城镇燃气企业", (Sector.GAS,)),
    ("人员密集场所", (Sector.CROWDED,)),
    ("其他单位", (Sector.OTHER,)),
]


def enterprises_section(ctx):
    if not ctx.can_view(Enterprise):
        return []
    # the file as it stood at the end of the period: filed (建档) by then, not closed; by the 建档 date, not the day
    # the record was entered, so that a ledger loaded this year counts in the years it was on file
    on_file = ctx.scoped(Enterprise).filter(
        filed_on__lte=ctx.period_filter("filed_on", is_datetime=False)["filed_on__lte"]) \
        .exclude(status=OperatingStatus.CLOSED)
    by_sector = dict(on_file.values_list("sector").annotate(n=Count("pk")).order_by())
    total = sum(by_sector.values())
    township = ctx.township_param
    as_of = f"截至{ctx.end.year}年{ctx.end.month}月{ctx.end.day}日" if ctx.partial else f"截至{ctx.year}年底"
    if not total:
        return [P(f"{as_of}，{ctx.place}尚未在平台建立纳入安全监管的企业档案。")]
    items = [f"{as_of}，{ctx.place}纳入安全监管并建立“一企一档”的企业（单位）共",
             Figure(total, "家", "在册监管企业", ctx.link("enterprises:enterprise_list", township=township))]
    parts = []
    for label, sectors in SECTOR_GROUPS:
        n = sum(by_sector.get(s, 0) for s in sectors)
        if n:
            link = ctx.link("enterprises:enterprise_list", sector=sectors[0], township=township) \
                if len(sectors) == 1 else ctx.link("enterprises:enterprise_list", township=township)
            parts.append((label, Figure(n, "家", f"在册{label}", link)))
    if parts:
        items.append("，其中")
        for i, (label, fig) in enumerate(parts):
            items += (["、"] if i else []) + [label, fig]
    by_grade = dict(on_file.values_list("risk_grade").annotate(n=Count("pk")).order_by())
    high = [(g, by_grade.get(g, 0)) for g in (RiskGrade.A, RiskGrade.B) if by_grade.get(g, 0)]
    if high:
        items.append("；按安全风险分级，")
        for i, (g, n) in enumerate(high):
            items += (["、"] if i else []) + [f"{g}级", Figure(
                n, "家", f"{g}级风险企业",
                ctx.link("enterprises:enterprise_list", risk_grade=g, township=township))]
    items.append("。")
    paragraphs = [P(*items)]

    if ctx.can_view(MajorHazardSource):
        sources = ctx.scoped(MajorHazardSource).filter(
            enterprise__voided_at__isnull=True,
            created_at__lt=ctx.period_filter("created_at")["created_at__lt"])
        by_level = dict(sources.values_list("level").annotate(n=Count("pk")).order_by())
        n_sources = sum(by_level.values())
        if n_sources:
            items = ["登记在册重大危险源",
                     Figure(n_sources, "处", "在册重大危险源",
                            ctx.link("enterprises:majorhazardsource_list", township=township)),
                     "，其中"]
            first = True
            for level in MajorHazardLevel:
                if by_level.get(level.value):
                    items += ([] if first else ["、"]) + [f"{level.label}重大危险源", Figure(
                        by_level[level.value], "处", f"{level.label}重大危险源",
                        ctx.link("enterprises:majorhazardsource_list", level=level.value, township=township))]
                    first = False
            items.append("。")
            paragraphs.append(P(*items))
        else:
            paragraphs.append(P(f"{ctx.place}无登记在册的重大危险源。"))
    return paragraphs


register_section("enterprises", "企业安全监管基础", 20, "二、主要工作", enterprises_section)
