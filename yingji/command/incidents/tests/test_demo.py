"""The demo builders of duty and incidents run on a county and leave what the issue asks for."""

import random
from types import SimpleNamespace

from yingji.command.duty.demo import build_duty
from yingji.command.duty.models import DutyLog, DutyPost, Handover, Shift
from yingji.command.incidents.demo import build_incidents
from yingji.command.incidents.models import Incident, ReportDeadline
from yingji.platform.core import oncall


def test_demo_builders(world):
    u = world.users
    ctx = SimpleNamespace(county=world.regions.county, townships=[world.regions.township_a, world.regions.township_b],
                          random=random.Random(1),
                          users={"admin": u.admin, "leader": u.leader, "duty": u.duty, "inspector": u.inspector,
                                 "inspector2": u.inspector2})
    build_duty(ctx)
    build_incidents(ctx)
    assert DutyPost.objects.count() == 3 and Shift.objects.active().count() > 60
    assert Shift.objects.exclude(origin="rotation").exists() and Handover.objects.count() == 3
    assert DutyLog.objects.count() == 20
    assert [d.post for d in oncall.on_duty(region=world.regions.county)] == ["leader", "officer", "technical"]
    assert Incident.objects.filter(status="closed").exists() and Incident.objects.filter(status="open").exists()
    assert ReportDeadline.objects.filter(late=True).exists()
    assert ReportDeadline.objects.filter(late=False, done_at__isnull=False).exists()
