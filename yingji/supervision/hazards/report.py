"""The annual report's paragraph on hazard investigation and rectification (隐患排查治理).

Hazards are counted by the day they were found (found_on) within the period; one counts as rectified when it was
closed (已销号) before the period ended, so a report on a past year states what stood at the year's end.
"""

from django.db.models import Count, Q

from yingji.platform.core.phrasing import change, number, percent
from yingji.platform.core.reports import Figure, P, register_section

from .choices import HazardLevel, HazardSource, HazardState
from .models import Hazard


def hazards_section(ctx):
    if not ctx.can_view(Hazard):
        return []
    end_excl = ctx.period_filter("closed_at")["closed_at__lt"]
    closed_q = Q(state=HazardState.CLOSED, closed_at__lt=end_excl)
    major_q = Q(level=HazardLevel.MAJOR)
    found = ctx.records(Hazard, "found_on", is_datetime=False)
    totals = found.aggregate(
        n=Count("pk"), closed=Count("pk", filter=closed_q), major=Count("pk", filter=major_q),
        major_closed=Count("pk", filter=major_q & closed_q),
        supervised=Count("pk", filter=major_q & ~Q(supervision_level="")))
    previous_end_excl = ctx.period_filter("closed_at", previous=True)["closed_at__lt"]
    last_year = ctx.records(Hazard, "found_on", previous=True, is_datetime=False).aggregate(
        n=Count("pk"), closed=Count("pk", filter=Q(state=HazardState.CLOSED, closed_at__lt=previous_end_excl)))
    previous = last_year["n"]
    base = {**ctx.date_params("found_after", "found_before"), "township": ctx.township_param}
    previous_base = {**ctx.date_params("found_after", "found_before", previous=True), "township": ctx.township_param}

    def link(**params):
        return ctx.link("hazards:hazard_list", **base, **params)

    # 基期: last year's total when the previous period has no hazard records
    before = ctx.previous_figure("hazards", previous, ctx.link("hazards:hazard_list", **previous_base),
                                 has_records=bool(previous))
    if not totals["n"]:
        text = f"{ctx.whole_text}平台未登记排查发现的安全隐患"
        if before.value:
            return [P(text, "（去年同期登记", Figure(before.value, "处", "去年同期排查发现隐患", before.link), "）。")]
        return [P(text + "。")]

    n, closed = totals["n"], totals["closed"]
    closed_before = ctx.previous_figure("hazards_closed", last_year["closed"], ctx.link(
        "hazards:hazard_list", **previous_base, state=HazardState.CLOSED), has_records=bool(previous))
    items = [f"{ctx.whole_text}共排查发现各类安全隐患",
             Figure(n, "处", "排查发现隐患", link(), previous=before.value, previous_link=before.link),
             "，", change(n, before.value, "处"), "；已整改销号", Figure(closed, "处", "已整改销号隐患", link(state=HazardState.CLOSED),
                                                     previous=closed_before.value, previous_link=closed_before.link),
             f"，整改率{number(percent(closed, n))}%"]
    if totals["major"]:
        major, major_closed = totals["major"], totals["major_closed"]
        items += ["。其中重大事故隐患", Figure(major, "处", "重大事故隐患", link(level=HazardLevel.MAJOR)),
                  "，已整改销号", Figure(major_closed, "处", "已整改销号重大事故隐患",
                                    link(level=HazardLevel.MAJOR, state=HazardState.CLOSED)),
                  f"，整改率{number(percent(major_closed, major))}%"]
        if totals["supervised"]:
            items += ["，挂牌督办", Figure(totals["supervised"], "处", "挂牌督办重大事故隐患",
                                       link(level=HazardLevel.MAJOR))]
    else:
        items.append("；未发现重大事故隐患")
    items.append("。")
    paragraphs = [P(*items)]

    by_source = dict(found.values_list("source").annotate(c=Count("pk")).order_by())
    sources = [(s, by_source[s.value]) for s in HazardSource if by_source.get(s.value)]
    if len(sources) > 1:
        items = ["按隐患来源分，"]
        for i, (s, c) in enumerate(sources):
            items += (["、"] if i else []) + [f"{s.label}发现", Figure(c, "处", f"{s.label}发现隐患", link(source=s.value))]
        items.append("。")
        paragraphs[0].items += items
    return paragraphs


register_section("hazards", "隐患排查治理", 30, "二、主要工作", hazards_section)
