"""The annual report's paragraph on sending and 叫应 (预警信息发送与叫应): the releases of the period (warnings,
response notices, escalated alarms, manual notices), the people reached (person-times), the messages delivered and
failed, and for the releases that required 叫应 how many people confirmed, the 叫应率, and how many were reported to
their superiors as 未叫应 — "有叫有应有记录" in figures."""

from django.db.models import Count, Q

from yingji.platform.core import phrasing
from yingji.platform.core.reports import Figure, P, register_section

from .choices import DeliveryStatus, TargetState
from .models import Delivery, Release, Target

REQUIRED = (TargetState.WAITING, TargetState.CONFIRMED, TargetState.ESCALATED)


def releases_section(ctx):
    if not ctx.can_view(Release):
        return []
    releases = ctx.records(Release, "created_at")
    n = releases.count()
    if not n:
        return [P(f"{ctx.whole_text}未通过平台发送预警和通知。")]
    base = ctx.date_params("created_after", "created_before")
    ids = releases.values("pk")
    people = Target.objects.filter(release__in=ids).aggregate(
        all=Count("pk"), required=Count("pk", filter=Q(state__in=REQUIRED)),
        confirmed=Count("pk", filter=Q(state=TargetState.CONFIRMED)),
        escalated=Count("pk", filter=Q(state=TargetState.ESCALATED)))
    sent = Delivery.objects.filter(release__in=ids).aggregate(
        delivered=Count("pk", filter=Q(status=DeliveryStatus.DELIVERED)),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)))
    previous = ctx.records(Release, "created_at", previous=True).count()
    link = ctx.link("release:release_list", **base)
    items = [f"{ctx.whole_text}通过平台发送预警和通知", Figure(n, "批次", "发送批次", link, previous=previous),
             "，覆盖责任人", Figure(people["all"], "人次", "覆盖责任人", link),
             "，送达短信、语音等信息", Figure(sent["delivered"], "条", "送达信息", link)]
    if sent["failed"]:
        items += ["（发送失败", Figure(sent["failed"], "条", "发送失败", link), "，均已记录原因）"]
    if people["required"]:
        required_link = ctx.link("release:release_list", **base, confirm_required="true")
        rate = phrasing.percent(people["confirmed"], people["required"])
        items += ["；须叫应的", Figure(people["required"], "人次", "须叫应", required_link), "中已叫应",
                  Figure(people["confirmed"], "人次", "已叫应", required_link),
                  f"，叫应率{phrasing.format_percent(rate)}%"]
        if people["escalated"]:
            items += ["，未叫应的", Figure(people["escalated"], "人次", "未叫应已上报", required_link),
                      "已逐级上报"]
    items.append("，做到有叫有应有记录。" if people["required"] else "。")
    return [P(*items)]


register_section("releases", "预警信息发送与叫应", 51, "二、主要工作", releases_section)
