"""The inspector's 工作台: the 双随机 enterprises drawn for him and not inspected yet, and this year's planned
inspections behind schedule; a record to review reaches the leader's notifications."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.platform.core import notifications
from yingji.supervision.draws.choices import DrawStatus
from yingji.supervision.draws.models import Draw
from yingji.supervision.inspections.models import Inspection

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _draw_tasks(user):
    return [n.key for n in notifications.for_user(user).notices if n.source == "inspections.draw"]


def test_a_drawn_enterprise_is_his_task_until_an_inspection_answers_it(world, client_for):
    draw = world.sample(Draw, world.regions.township_a, title="第四季度双随机抽查")  # inspector and inspector2
    item = draw.items.get()
    assert _draw_tasks(world.users.inspector) == []  # drawn, not yet published (审核公示)
    Draw.objects.filter(pk=draw.pk).update(status=DrawStatus.PUBLISHED)
    assert _draw_tasks(world.users.inspector) == [f"inspections.draw:{item.pk}"]
    item.inspectors.set([world.users.inspector2])
    assert _draw_tasks(world.users.inspector) == [] and _draw_tasks(world.users.inspector2) != []
    home = client_for(world.users.inspector2).get(reverse("home")).content.decode()
    assert "检查任务" in home and "分配给我的双随机抽查" in home and item.enterprise.name in home
    world.sample(Inspection, world.regions.township_a, enterprise=item.enterprise, draw_item=item,
                 inspected_on=TODAY)
    assert _draw_tasks(world.users.inspector2) == []


def test_a_recent_record_awaiting_review_reaches_the_leader(world):
    recent = world.sample(Inspection, world.regions.township_a, inspected_on=TODAY - datetime.timedelta(days=3))
    world.sample(Inspection, world.regions.township_a, inspected_on=TODAY - datetime.timedelta(days=300))
    keys = [n.key for n in notifications.for_user(world.users.leader).notices if n.source == "inspections.review"]
    assert keys == [f"inspections.review:{recent.pk}"]
    assert not [n for n in notifications.for_user(world.users.inspector).notices
                if n.source == "inspections.review"]
