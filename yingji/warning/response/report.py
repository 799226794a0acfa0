"""The annual report's sentence on emergency responses: "启动防汛Ⅳ级应急响应1次" — responses started in the period,
by plan and the level they were started at, with the level changes."""

from collections import Counter

from yingji.platform.core.reports import Figure, P, register_section

from .choices import PLAN_SHORT, PlanType, ResponseLevel
from .models import EmergencyResponse, ResponseEvent


def responses_section(ctx):
    if not ctx.can_view(EmergencyResponse):
        return []
    started = ctx.records(EmergencyResponse, "started_at")
    starts = Counter(ResponseEvent.objects.filter(response__in=started.values("pk"), transition="start")
                     .values_list("response__plan_type", "to_level"))
    changes = Counter(ResponseEvent.objects.filter(response__in=started.values("pk"),
                                                   transition__in=("raise", "lower")).values_list("transition",
                                                                                                  flat=True))
    base = ctx.date_params("started_after", "started_before")
    if not starts:
        return [P(f"{ctx.whole_text}未启动应急响应。")]
    items = [f"{ctx.whole_text}"]
    first = True
    for plan in PlanType:
        for level in sorted(ResponseLevel, reverse=True):
            n = starts.get((plan.value, level.value))
            if not n:
                continue
            label = f"启动{PLAN_SHORT[plan]}{level.label}应急响应"
            items += ([] if first else ["，"]) + [label, Figure(n, "次", label, ctx.link(
                "response:emergencyresponse_list", **base, plan_type=plan.value))]
            first = False
    if changes:
        items += ["；其间提升响应级别", Figure(changes.get("raise", 0), "次", "提升响应级别"), "、降低",
                  Figure(changes.get("lower", 0), "次", "降低响应级别")]
    items.append("。")
    return [P(*items)]


register_section("responses", "应急响应", 52, "二、主要工作", responses_section)
