"""The annual report's sentence on the disaster information officers (灾害信息员队伍建设): how many are on duty, how
many villages (社区) have one, and the training given in the period; each figure links to its filtered list."""

from django.db.models import Count, Sum

from yingji.platform.core.reports import Figure, P, register_section
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

from .models import DisasterInfoOfficer, TrainingRecord


def officers_section(ctx):
    if not ctx.can_view(DisasterInfoOfficer):
        return []
    officers = ctx.scoped(DisasterInfoOfficer).filter(active=True)
    region = {"region": ctx.region.pk} if ctx.region.level == Level.TOWNSHIP else {}
    n = officers.count()
    if not n:
        return [P(f"{ctx.place}尚未登记灾害信息员。")]
    items = [f"加强灾害信息员队伍建设，{ctx.place}现有在岗灾害信息员",
             Figure(n, "名", "在岗灾害信息员", ctx.link("officers:disasterinfoofficer_list", active="true", **region))]
    villages = Region.objects.filter(**ctx.region_filter(Region), level=Level.VILLAGE)
    n_villages = villages.count()
    if n_villages:
        covered = officers.filter(region__level=Level.VILLAGE).values("region").distinct().count()
        items += ["，覆盖", Figure(covered, "个", "配备信息员的村（社区）", ctx.link("officers:coverage")),
                  f"村（社区）（共{n_villages}个）"]
    if ctx.can_view(TrainingRecord):
        trainings = ctx.records(TrainingRecord, "trained_on")
        t = trainings.aggregate(n=Count("pk"), people=Count("officer", distinct=True), hours=Sum("hours"))
        link = ctx.link("officers:trainingrecord_list", **ctx.date_params("trained_after", "trained_before"),
                        **region)
        if t["n"]:
            items += [f"；{ctx.whole_text}开展信息员培训", Figure(t["n"], "人次", "信息员培训人次", link),
                      "，参训", Figure(t["people"], "人", "参训信息员", link)]
        else:
            items.append(f"；{ctx.whole_text}未登记信息员培训")
    items.append("。")
    return [P(*items)]


register_section("disaster_officers", "灾害信息员", 52, "二、主要工作", officers_section)
