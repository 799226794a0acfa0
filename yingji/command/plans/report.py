"""The annual report's paragraphs on emergency plans (预案管理) and drills (应急演练), in the bureaus' phrasing
("全年开展演练1486场，参演42070人次"); every figure is counted from the records and links to the list behind it.

Plans: new plans issued in the period (by the plan's 发布日期), plans revised (a version other than the first issued
in the period, counted once per plan), enterprise plans filed (备案日期 in the period), plans in force at the end of
the period and, when the year is not over, those owing a drill now. Drills: by 演练日期; participants summed; the
problems found and how many are closed.
"""

from django.db.models import Count, Q, Sum

from yingji.platform.core.reports import Figure, P, register_section

from .choices import DrillKind, FindingState, RevisionReason
from .models import Drill, DrillFinding, Plan, PlanVersion


def plans_section(ctx):
    if not ctx.can_view(Plan):
        return []
    start, end = ctx.bounds()
    plans = ctx.scoped(Plan)
    township = ctx.township_param
    issued = plans.filter(issued_on__gte=start, issued_on__lte=end).count()
    revised = (PlanVersion.objects.filter(plan__in=plans, issued_on__gte=start, issued_on__lte=end)
               .exclude(reason=RevisionReason.INITIAL).values("plan").distinct().count())
    filed = plans.filter(filed_on__gte=start, filed_on__lte=end).count()
    in_force = plans.in_force(end).count()
    if not (issued or revised or filed or in_force):
        return [P(f"{ctx.place}平台尚未登记应急预案。")]
    items = [f"健全应急预案体系，{ctx.whole_text}新制定应急预案",
             Figure(issued, "件", "新制定应急预案", ctx.link("plans:plan_list", **ctx.date_params(
                 "issued_after", "issued_before"), township=township)),
             "，修订完善", Figure(revised, "件", "修订应急预案", ctx.link("plans:plan_list", **ctx.date_params(
                 "revised_after", "revised_before"), township=township))]
    if filed:
        items += ["，受理企业应急预案备案", Figure(filed, "件", "企业应急预案备案", ctx.link(
            "plans:plan_list", filing_state="filed", township=township))]
    items += [f"；{ctx.place}现有有效应急预案", Figure(in_force, "件", "有效应急预案", ctx.link(
        "plans:plan_list", township=township))]
    if ctx.partial:
        overdue = plans.drill_overdue(ctx.end).count()
        if overdue:
            items += ["，其中", Figure(overdue, "件", "逾期未演练预案", ctx.link("plans:plan_list", due="drill_overdue",
                                                                          township=township)), "逾期未按规定演练"]
    items.append("。")
    return [P(*items)]


def drills_section(ctx):
    if not ctx.can_view(Drill):
        return []
    drills = ctx.records(Drill, "held_on", is_datetime=False)
    totals = drills.aggregate(n=Count("pk"), people=Sum("participants"),
                              live=Count("pk", filter=Q(kind__in=[DrillKind.LIVE, DrillKind.BLIND])),
                              tabletop=Count("pk", filter=Q(kind=DrillKind.TABLETOP)))
    previous = ctx.records(Drill, "held_on", previous=True, is_datetime=False).count()
    township = ctx.township_param
    link = ctx.link("plans:drill_list", **ctx.date_params("held_after", "held_before"), township=township)
    if not totals["n"]:
        return [P(f"{ctx.whole_text}平台未登记应急演练。")]
    items = [f"{ctx.whole_text}开展演练", Figure(totals["n"], "场", "应急演练场次", link, previous=previous,
                                                previous_link=ctx.link("plans:drill_list", **ctx.date_params(
                                                    "held_after", "held_before", previous=True), township=township)),
             "，参演", Figure(totals["people"] or 0, "人次", "参演人次", link)]
    if totals["live"]:
        items += ["，其中实战（含双盲）演练", Figure(totals["live"], "场", "实战演练场次",
                                            ctx.link("plans:drill_list", kind=DrillKind.LIVE, **ctx.date_params(
                                                "held_after", "held_before"), township=township))]
    if totals["tabletop"]:
        items += ["、桌面推演", Figure(totals["tabletop"], "场", "桌面推演场次",
                                   ctx.link("plans:drill_list", kind=DrillKind.TABLETOP, **ctx.date_params(
                                       "held_after", "held_before"), township=township))]
    findings = DrillFinding.objects.filter(drill__in=drills, voided_at__isnull=True).aggregate(
        n=Count("pk"), closed=Count("pk", filter=Q(state=FindingState.CLOSED)))
    if findings["n"]:
        flink = ctx.link("plans:drillfinding_list", **ctx.date_params("held_after", "held_before"), township=township)
        items += ["；通过演练发现问题", Figure(findings["n"], "个", "演练发现问题", flink),
                  "，已整改或据此修订预案", Figure(findings["closed"], "个", "已关闭演练问题",
                                         ctx.link("plans:drillfinding_list", state=FindingState.CLOSED,
                                                  **ctx.date_params("held_after", "held_before"),
                                                  township=township))]
    items.append("。")
    return [P(*items, title="扎实开展应急演练")]


register_section("plans", "应急预案", 65, "二、主要工作", plans_section)
register_section("drills", "应急演练", 66, "二、主要工作", drills_section)
