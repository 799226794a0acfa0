"""The annual report's paragraph on emergency resources: teams (and 应急第一响应人) on record now, warehouses and
shelters, and in the period: shelters opened, people resettled, teams sent and supplies dispatched — every figure
counted from the records, each linking to its list."""

from django.db.models import Count, Q, Sum

from yingji.platform.core.reports import Figure, P, register_section

from .choices import DispatchKind
from .models import Dispatch, RescueTeam, Shelter, TeamMember, Warehouse


def resources_section(ctx):
    if not ctx.can_view(RescueTeam):
        return []
    teams = ctx.scoped(RescueTeam).aggregate(n=Count("pk"), people=Sum("headcount"))
    if not teams["n"]:
        return [P(f"{ctx.place}尚未登记应急救援队伍。")]
    responders = TeamMember.objects.filter(team__in=ctx.scoped(RescueTeam), voided_at__isnull=True,
                                           first_responder=True).count()
    items = [f"{ctx.place}现有各类应急救援队伍", Figure(teams["n"], "支", "应急救援队伍", ctx.link("resources:rescueteam_list")),
             "、队员", Figure(teams["people"] or 0, "人", "救援队员", ctx.link("resources:rescueteam_list"))]
    if responders:
        items += ["，其中应急第一响应人", Figure(responders, "名", "应急第一响应人", ctx.link("resources:rescueteam_list"))]
    if ctx.can_view(Warehouse):
        items += ["；建有应急物资储备库（点）", Figure(ctx.scoped(Warehouse).count(), "个", "储备库（点）",
                                                   ctx.link("resources:warehouse_list"))]
    if ctx.can_view(Shelter):
        shelters = ctx.scoped(Shelter).aggregate(n=Count("pk"), cap=Sum("capacity"))
        items += ["、应急避难场所", Figure(shelters["n"], "处", "应急避难场所", ctx.link("resources:shelter_list")),
                  "，可容纳", Figure(shelters["cap"] or 0, "人", "避难场所容纳人数", ctx.link("resources:shelter_list"))]
    items.append("。")
    paragraphs = [P(*items)]
    if ctx.can_view(Dispatch):
        sent = ctx.records(Dispatch, "dispatched_at").aggregate(
            teams=Count("pk", filter=Q(kind=DispatchKind.TEAM)),
            shelters=Count("shelter", filter=Q(kind=DispatchKind.SHELTER), distinct=True),
            people=Sum("quantity", filter=Q(kind=DispatchKind.SHELTER)),
            supplies=Count("pk", filter=Q(kind=DispatchKind.SUPPLY)),
            units=Sum("quantity", filter=Q(kind=DispatchKind.SUPPLY)))
        if sent["teams"] or sent["shelters"] or sent["supplies"]:
            dates = ctx.date_params("after", "before")
            link = ctx.link("resources:dispatch_list", **dates)
            paragraphs.append(P(
                f"{ctx.whole_text}调派救援队伍", Figure(sent["teams"], "队次", "调派救援队伍", link),
                "，开放避难场所", Figure(sent["shelters"], "处", "开放避难场所", link),
                "、安置群众", Figure(sent["people"] or 0, "人", "避难场所安置人数", link),
                "，调派应急物资", Figure(sent["supplies"], "批次", "调派物资批次", link),
                Figure(sent["units"] or 0, "件（套）", "调派物资数量", link), "。"))
    return paragraphs


register_section("resources", "应急救援力量和物资保障", 60, "二、主要工作", resources_section)
