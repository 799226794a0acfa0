"""The annual report's paragraph on duty and information reporting (应急值守与信息报送): incidents received by
category, and reporting duties met on time and late."""

from yingji.platform.core.phrasing import number
from yingji.platform.core.reports import Figure, P, register_section

from .models import Incident
from .stats import incident_stats


def incidents_section(ctx):
    if not ctx.can_view(Incident):
        return []
    start, end = ctx.bounds()
    s = incident_stats(ctx.user, start, end, ctx.region)
    if not s["count"]:
        return [P(f"{ctx.whole_text}坚持24小时应急值守，平台未登记接报突发事件。")]
    items = [f"{ctx.whole_text}坚持24小时应急值守和领导带班制度，共接报各类突发事件",
             Figure(s["count"], "起", "接报突发事件", s["url"])]
    parts = [c for c in s["by_category"] if c["count"]]
    if parts:
        items.append("，其中")
        for i, c in enumerate(parts):
            items += (["、"] if i else []) + [c["label"], Figure(c["count"], "起", c["label"], c["url"])]
    if s["duties_due"]:
        items += ["；应报送信息", Figure(s["duties_due"], "次", "应报送信息"), "，按时报送",
                  Figure(s["on_time"], "次", "按时报送信息", s["url"])]
        if s["on_time_rate"] is not None:
            items.append(f"，按时报送率{number(s['on_time_rate'])}%")
        if s["late"]:
            items += ["，迟报", Figure(s["late"], "次", "迟报信息", s["late_url"])]
    items.append("。")
    return [P(*items)]


register_section("incidents", "应急值守与信息报送", 60, "二、主要工作", incidents_section)
