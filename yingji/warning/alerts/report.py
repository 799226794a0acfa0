"""The annual report's paragraph on warnings issued (预警信息发布): first messages (首发, msgType Alert) sent in the
period, by type and level, with the 更新/解除 messages and the upstream warnings forwarded. The recipients reached
and the 叫应 rate belong to the release app's paragraph."""

from collections import Counter

from django.db.models import Count, Q

from yingji.platform.core.reports import Figure, P, register_section

from .choices import ISSUED_STATES, EventType, Level, MsgType, Origin
from .models import Warning

LEVEL_ORDER = [Level.RED, Level.ORANGE, Level.YELLOW, Level.BLUE]


def warnings_section(ctx):
    if not ctx.can_view(Warning):
        return []
    issued = ctx.records(Warning, "sent").filter(state__in=ISSUED_STATES)
    first = issued.filter(msg_type=MsgType.ALERT)
    totals = issued.aggregate(alerts=Count("pk", filter=Q(msg_type=MsgType.ALERT)),
                              updates=Count("pk", filter=Q(msg_type=MsgType.UPDATE)),
                              cancels=Count("pk", filter=Q(msg_type=MsgType.CANCEL)),
                              forwarded=Count("pk", filter=Q(msg_type=MsgType.ALERT, origin=Origin.UPSTREAM)))
    previous = ctx.records(Warning, "sent", previous=True).filter(state__in=ISSUED_STATES,
                                                                  msg_type=MsgType.ALERT).count()
    base = ctx.date_params("sent_after", "sent_before")

    def link(**params):
        return ctx.link("alerts:warning_list", **base, msg_type=MsgType.ALERT, **params)

    if not totals["alerts"]:
        return [P(f"{ctx.whole_text}未发布预警信息。")]
    items = [f"{ctx.whole_text}共发布预警信息", Figure(totals["alerts"], "条", "发布预警信息", link(),
                                                  previous=previous)]
    if totals["forwarded"]:
        items += ["（其中转发上级预警", Figure(totals["forwarded"], "条", "转发上级预警", link(origin=Origin.UPSTREAM)),
                  "）"]
    by = Counter({(e, lvl): n for e, lvl, n in first.order_by().values_list("event_type", "level")
                  .annotate(n=Count("pk"))})
    parts = []
    for e in EventType:
        for lvl in LEVEL_ORDER:
            n = by.get((e.value, lvl.value))
            if n:
                parts.append((f"{e.label}{lvl.label}预警", n, e.value, lvl.value))
    if parts:
        items.append("，其中")
        for i, (label, n, e, lvl) in enumerate(parts):
            items += (["、"] if i else []) + [label, Figure(n, "条", label, link(event_type=e, level=lvl))]
    if totals["updates"] or totals["cancels"]:
        items += ["；发布更新", Figure(totals["updates"], "条", "预警更新", ctx.link(
            "alerts:warning_list", **base, msg_type=MsgType.UPDATE)), "、解除", Figure(
            totals["cancels"], "条", "预警解除", ctx.link("alerts:warning_list", **base, msg_type=MsgType.CANCEL))]
    items.append("。")
    return [P(*items)]


register_section("warnings", "预警信息发布", 50, "二、主要工作", warnings_section)
