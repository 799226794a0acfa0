"""Demo data: last year's flood response (started Ⅳ, raised to Ⅲ, lowered, ended, its checklist done), an active
Ⅳ-level flood response tied to today's heavy-rain warning, and the forecast step the rule prepares from it."""

import datetime

from django.utils import timezone

from yingji.platform.core.demodata import register

from .choices import PlanType, ResponseLevel


@register(order=93)
def build_responses(ctx):
    from . import services
    from .models import EmergencyResponse, ResponseTask

    if EmergencyResponse.objects.filter(region=ctx.county).exists():
        return
    duty, leader = ctx.users.get("duty"), ctx.users.get("leader")
    if duty is None:
        return
    now = timezone.now()
    past = EmergencyResponse.objects.create(region=ctx.county, plan_type=PlanType.FLOOD, created_by=duty,
                                            reason="县气象台发布暴雨橙色预警，北部乡镇累计雨量超过150毫米")
    t0 = now - datetime.timedelta(days=90)
    services.start_response(past, actor=duty, decided_by="县防指指挥长 王局长", decided_at=t0)
    services.raise_response(past, actor=duty, decided_by="县长", level=ResponseLevel.III,
                            decided_at=t0 + datetime.timedelta(hours=5))
    services.lower_response(past, actor=duty, decided_by="县防指指挥长 王局长", level=ResponseLevel.IV,
                            decided_at=t0 + datetime.timedelta(hours=30))
    for task in past.tasks.all():
        services.mark_done(task, actor=duty, note="已落实")
    services.end_response(past, actor=leader, decided_by="县防指指挥长 王局长", decided_at=t0 + datetime.timedelta(hours=48))
    EmergencyResponse.objects.filter(pk=past.pk).update(started_at=t0)
    warning = getattr(ctx, "rain_warning", None)
    active = EmergencyResponse.objects.create(region=ctx.county, plan_type=PlanType.FLOOD, created_by=duty,
                                              warning=warning, reason="县气象台发布暴雨橙色预警，预计5小时后强降雨")
    services.start_response(active, actor=duty, decided_by="县防指指挥长 王局长")
    first = ResponseTask.objects.filter(response=active).first()
    if first is not None:
        services.mark_done(first, actor=duty, note="局领导带班到岗")
    services.prepare_forecast_steps(now)
