"""The annual report's paragraphs on training (安全培训) and publicity (宣传教育), in the bureaus' phrasing
("举办各类培训班X期，培训Y人次"; "开展宣传活动X场，受众Y人次，发放宣传资料Z份"); every figure is counted from the
records of the period (by the session's or activity's date) and links to the list behind it."""

from django.db.models import Count, Q, Sum

from yingji.platform.core.reports import Figure, P, register_section

from .choices import FIVE_INTO, Audience, Campaign
from .models import PublicityActivity, TrainingSession

ENTERPRISE_PEOPLE = (Audience.PRINCIPAL, Audience.SAFETY_MANAGER)


def training_section(ctx):
    if not ctx.can_view(TrainingSession):
        return []
    sessions = ctx.records(TrainingSession, "held_on", is_datetime=False)
    t = sessions.aggregate(n=Count("pk"), people=Sum("trained"), certified=Sum("certified"),
                           enterprise=Sum("trained", filter=Q(audience__in=ENTERPRISE_PEOPLE)),
                           special=Sum("trained", filter=Q(audience=Audience.SPECIAL_OPERATION)))
    dates = ctx.date_params("held_after", "held_before")
    township = ctx.township_param
    if not t["n"]:
        return [P(f"{ctx.whole_text}平台未登记安全生产和应急管理培训。")]
    previous = ctx.records(TrainingSession, "held_on", previous=True, is_datetime=False).aggregate(
        people=Sum("trained"))["people"]
    items = [f"{ctx.whole_text}举办各类培训班", Figure(t["n"], "期", "培训期数", ctx.link(
        "training:trainingsession_list", **dates, township=township)),
             "，培训", Figure(t["people"] or 0, "人次", "培训人次", ctx.link(
                 "training:trainingsession_list", **dates, township=township), previous=previous)]
    parts = []
    if t["enterprise"]:
        parts += ["企业主要负责人和安全管理人员", Figure(t["enterprise"], "人次", "企业主要负责人和安全管理人员培训人次",
                                          ctx.link("training:trainingsession_list", audience=Audience.PRINCIPAL,
                                                   **dates, township=township))]
    if t["special"]:
        parts += (["、"] if parts else []) + ["特种作业人员", Figure(t["special"], "人次", "特种作业人员培训人次", ctx.link(
            "training:trainingsession_list", audience=Audience.SPECIAL_OPERATION, **dates, township=township))]
    if parts:
        items += ["，其中"] + parts
    if t["certified"]:
        items += ["；发放证书", Figure(t["certified"], "人", "发证人数", None)]
    items.append("。")
    return [P(*items, title="强化安全培训")]


def publicity_section(ctx):
    if not ctx.can_view(PublicityActivity):
        return []
    activities = ctx.records(PublicityActivity, "held_on", is_datetime=False)
    five = [v.value for v in FIVE_INTO]
    t = activities.aggregate(n=Count("pk"), reached=Sum("reached"), materials=Sum("materials"),
                             five=Count("pk", filter=Q(venue__in=five)),
                             month=Count("pk", filter=Q(campaign=Campaign.SAFETY_MONTH)),
                             day=Count("pk", filter=Q(campaign__in=[Campaign.DISASTER_DAY,
                                                                    Campaign.INTERNATIONAL_DAY])))
    dates = ctx.date_params("held_after", "held_before")
    township = ctx.township_param
    if not t["n"]:
        return [P(f"{ctx.whole_text}平台未登记宣传教育活动。")]
    link = ctx.link("training:publicityactivity_list", **dates, township=township)
    items = [f"{ctx.whole_text}开展安全生产和防灾减灾宣传活动", Figure(t["n"], "场", "宣传活动场次", link),
             "，受众", Figure(t["reached"] or 0, "人次", "宣传受众人次", link)]
    if t["materials"]:
        items += ["，发放宣传资料", Figure(t["materials"], "份", "发放宣传资料", link)]
    if t["five"]:
        items += ["；其中“五进”活动", Figure(t["five"], "场", "“五进”宣传活动场次", ctx.link(
            "training:publicityactivity_list", five_into="true", **dates, township=township))]
    if t["month"]:
        items += ["，“安全生产月”活动", Figure(t["month"], "场", "安全生产月活动场次", ctx.link(
            "training:publicityactivity_list", campaign=Campaign.SAFETY_MONTH, **dates, township=township))]
    if t["day"]:
        items += ["，防灾减灾日、国际减灾日活动", Figure(t["day"], "场", "防灾减灾日活动场次", link)]
    items.append("。")
    return [P(*items, title="深化宣传教育")]


register_section("training", "安全培训", 67, "二、主要工作", training_section)
register_section("publicity", "宣传教育", 68, "二、主要工作", publicity_section)
