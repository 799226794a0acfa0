"""Sample responses, forecast steps and checklist items for tests and the permission matrix."""

import datetime

from django.utils import timezone

from yingji.platform.core.testing import sample_factory
from yingji.warning.alerts.models import Warning

from .choices import PlanType
from .models import EmergencyResponse, ForecastRule, ForecastStep, ResponseTask


@sample_factory(EmergencyResponse)
def make_response(world, region, **kw):
    """A 拟启动 response of a plan that has no open response in `region` yet (one open per plan and region), or an
    ended one when every plan is taken."""
    if "plan_type" not in kw:
        taken = set(EmergencyResponse.objects.filter(region=region, state__in=("proposed", "active"),
                                                     voided_at__isnull=True).values_list("plan_type", flat=True))
        free = [p for p in PlanType if p.value not in taken]
        kw["plan_type"] = free[0] if free else PlanType.FLOOD
        if not free:
            kw.setdefault("state", "ended")
    kw.setdefault("reason", "县气象台发布暴雨橙色预警")
    return EmergencyResponse.objects.create(region=region, **kw)


@sample_factory(ForecastStep)
def make_step(world, region, **kw):
    warning = kw.pop("warning", None) or world.sample(Warning, region)
    rule = kw.pop("rule", None) or ForecastRule.objects.filter(event_type=warning.event_type).first()
    kw.setdefault("lead_hours", rule.lead_hours)
    kw.setdefault("due_at", timezone.now() - datetime.timedelta(minutes=1))
    kw.setdefault("message", "预计6小时后出现强降雨，请做好防御准备")
    kw.setdefault("items", [{"unit": "乡镇人民政府", "action": "检查山洪危险区转移准备"}])
    return ForecastStep.objects.create(region=region, warning=warning, rule=rule, **kw)


@sample_factory(ResponseTask)
def make_task(world, region, **kw):
    response = kw.pop("response", None) or world.sample(EmergencyResponse, region)
    kw.setdefault("unit", "县应急管理局")
    kw.setdefault("action", "24小时值班")
    return ResponseTask.objects.create(region=region, response=response, **kw)
