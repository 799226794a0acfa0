"""The annual report's paragraph on monitoring alarms (监测预警): alarms triggered in the period by level, how many
were about sensors gone silent, and how many were closed."""

from django.db.models import Count, Q

from yingji.platform.core.phrasing import change
from yingji.platform.core.reports import Figure, P, register_section

from .choices import AlarmLevel, AlarmState, AlarmType
from .models import Alarm


def monitoring_section(ctx):
    if not ctx.can_view(Alarm):
        return []
    alarms = ctx.records(Alarm, "triggered_at")
    totals = alarms.aggregate(n=Count("pk"), closed=Count("pk", filter=Q(state=AlarmState.CLOSED)),
                              offline=Count("pk", filter=Q(alarm_type=AlarmType.OFFLINE)),
                              **{f"l{lvl.value}": Count("pk", filter=Q(level=lvl.value)) for lvl in AlarmLevel})
    previous = ctx.records(Alarm, "triggered_at", previous=True).count()
    base = {**ctx.date_params("triggered_after", "triggered_before"), "township": ctx.township_param}

    def link(**params):
        return ctx.link("monitoring:alarm_list", **base, **params)

    if not totals["n"]:
        return [P(f"{ctx.whole_text}监测预警平台未产生监测报警。")]
    items = [f"{ctx.whole_text}监测预警平台共产生监测报警", Figure(totals["n"], "条", "监测报警", link()), "，",
             change(totals["n"], previous, "条"), "。其中"]
    levels = [(lvl, totals[f"l{lvl.value}"]) for lvl in reversed(AlarmLevel) if totals[f"l{lvl.value}"]]
    for i, (lvl, c) in enumerate(levels):
        items += (["、"] if i else []) + [f"{lvl.label}", Figure(c, "条", f"{lvl.label}监测报警", link(level=lvl.value))]
    if totals["offline"]:
        items += ["；设备离线报警", Figure(totals["offline"], "条", "设备离线报警", link(alarm_type=AlarmType.OFFLINE))]
    items += ["；已处置关闭", Figure(totals["closed"], "条", "已关闭监测报警", link(state=AlarmState.CLOSED)), "。"]
    return [P(*items)]


register_section("monitoring", "监测预警", 60, "二、主要工作", monitoring_section)
