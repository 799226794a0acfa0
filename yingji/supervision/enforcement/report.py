"""The annual report's paragraph on administrative enforcement (行政执法): cases, penalties, fines by department and
the other measures (约谈, 曝光, 典型案例, 移送司法机关).

Figures come from stats.enforcement_stats, the same as the enforcement statistics API; each links to the case or
measure list, or to that API for the figures of the penalty decisions.
"""

from decimal import Decimal

from yingji.platform.core.phrasing import change, wan
from yingji.platform.core.reports import Figure, P, register_section

from .choices import MeasureKind
from .models import EnforcementCase
from .stats import enforcement_stats

MEASURES = [("interviews", MeasureKind.INTERVIEW, "约谈企业", "家次"),
            ("exposures", MeasureKind.EXPOSURE, "曝光", "家次"),
            ("typical_reported", MeasureKind.TYPICAL_REPORTED, "上报典型执法案例", "起"),
            ("typical_published", MeasureKind.TYPICAL_PUBLISHED, "公开典型案例", "起"),
            ("judicial_transfers", MeasureKind.JUDICIAL_TRANSFER, "移送司法机关", "起")]


def enforcement_section(ctx):
    if not ctx.can_view(EnforcementCase):
        return []
    data = enforcement_stats(ctx.user, ctx.start, ctx.end, ctx.region)
    cur, prev = data["current"], data["previous"]
    stats_link = ctx.link("api:enforcementstats-list", start=ctx.start.isoformat(), end=ctx.end.isoformat(),
                          region=ctx.region.pk)
    previous_stats_link = ctx.link("api:enforcementstats-list", start=ctx.previous_start.isoformat(),
                                   end=ctx.previous_end.isoformat(), region=ctx.region.pk)
    cases_link = ctx.link("enforcement:enforcementcase_list", **ctx.date_params("filed_after", "filed_before"))
    previous_cases_link = ctx.link("enforcement:enforcementcase_list",
                                   **ctx.date_params("filed_after", "filed_before", previous=True))

    # 基期: last year's totals when the previous period has no case records
    had_cases = bool(prev["cases_filed"] or prev["cases_decided"])
    cases_before = ctx.previous_figure("cases", prev["cases_filed"], previous_cases_link, has_records=had_cases)
    if not (cur["cases_filed"] or cur["cases_decided"] or any(cur[k] for k, *_r in MEASURES)):
        text = f"{ctx.whole_text}平台未登记安全生产行政执法案件"
        if cases_before.value:
            return [P(text, "（去年同期立案", Figure(cases_before.value, "起", "去年同期立案数", cases_before.link),
                      "）。")]
        return [P(text + "。")]

    items = [f"{ctx.whole_text}共立案查处安全生产违法案件",
             Figure(cur["cases_filed"], "起", "行政执法立案数", cases_link, previous=cases_before.value,
                    previous_link=cases_before.link),
             "，", change(cur["cases_filed"], cases_before.value, "起")]
    if cur["cases_decided"]:
        money, previous_money = Decimal(cur["money_total"]), Decimal(prev["money_total"])
        items += ["；作出行政处罚决定", Figure(cur["cases_decided"], "件", "作出行政处罚决定数", stats_link),
                  "，实施行政处罚", Figure(cur["penalties"], "项", "行政处罚项数", stats_link)]
        if money:
            money_before = ctx.previous_figure("fines", wan(previous_money), previous_stats_link,
                                               has_records=had_cases)
            compared = change(money, previous_money, "万元") if money_before.baseline is None else \
                change(wan(money), money_before.value, "万元")
            items += ["，罚没金额累计", Figure(wan(money), "万元", "罚没金额", stats_link, previous=money_before.value,
                                          previous_link=money_before.link), "，", compared]
            departments = [d for d in cur["fines_by_department"] if d["amount"]]
            fines = Decimal(cur["fines_total"])
            if fines and fines != money:
                items += ["，其中罚款", Figure(wan(fines), "万元", "罚款金额", stats_link)]
            if len(departments) > 1:
                items.append("（" if fines != money else "（其中")
                for i, d in enumerate(departments):
                    items += (["、"] if i else []) + [d["department"], Figure(
                        wan(d["amount"]), "万元", f"{d['department']}罚款金额",
                        ctx.link("enforcement:enforcementcase_list", department=d["department_id"],
                                 **ctx.date_params("filed_after", "filed_before")))]
                items.append("）")
        if cur["double_penalty_cases"]:
            items += ["；落实“一案双罚”", Figure(cur["double_penalty_cases"], "起", "一案双罚案件数", stats_link)]
        if cur["suspensions"]:
            items += ["；责令停产停业整顿", Figure(cur["suspensions"], "家", "责令停产停业整顿", stats_link)]
        if cur["closures"]:
            items += ["；关闭取缔", Figure(cur["closures"], "家", "关闭取缔", stats_link)]
    items.append("。")
    paragraphs = [P(*items)]

    done = [(key, kind, label, unit) for key, kind, label, unit in MEASURES if cur[key]]
    if done:
        dates = ctx.date_params("date_after", "date_before")
        items = ["共"]
        for i, (key, kind, label, unit) in enumerate(done):
            items += (["，"] if i else []) + [label, Figure(cur[key], unit, label,
                                                          ctx.link("enforcement:measure_list", kind=kind.value,
                                                                   **dates))]
        items.append("。")
        paragraphs.append(P(*items))
    return paragraphs


register_section("enforcement", "安全生产行政执法", 40, "二、主要工作", enforcement_section)
