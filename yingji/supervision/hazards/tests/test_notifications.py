"""Who is told what about hazards: the inspector the hazards submitted for his acceptance, the township officer the
deadlines of his township, a county officer those of the hazards he found or follows as 包保责任人."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.platform.core import notifications
from yingji.supervision.hazards import services
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PLAN = {"plan_responsibility": "企业安全科", "plan_measures": "更换电缆", "plan_funds": 3000,
        "plan_time_limit": "一周内完成", "plan_contingency": "停用配电箱", "responsible_person": "王电工",
        "deadline": TODAY + datetime.timedelta(days=10)}


def _submitted(world, description="配电箱未加锁"):
    h = world.sample(Hazard, description=description)
    services.start_rectification(h, actor=world.users.township_a, **PLAN)
    services.submit_for_acceptance(h, actor=world.users.township_a, evidence="已加锁")
    return h


def _keys(user, source):
    return [n.key for n in notifications.for_user(user).notices if n.source == source]


def test_the_inspector_is_told_of_a_hazard_awaiting_his_acceptance_until_he_accepts_it(world, client_for):
    h = _submitted(world)
    inspector = world.users.inspector
    assert len(_keys(inspector, "hazards.accept")) == 1
    # the township officer who submitted it may not accept it: not his notice; township B does not see it at all
    assert _keys(world.users.township_a, "hazards.accept") == []
    assert _keys(world.users.township_b, "hazards.accept") == []
    home = client_for(inspector).get(reverse("home")).content.decode()
    assert "隐患待验收" in home and "配电箱未加锁" in home
    services.accept_hazard(h, actor=inspector)
    assert _keys(inspector, "hazards.accept") == []


def test_a_hazard_submitted_again_after_a_rejection_is_a_new_unread_notice(world):
    h = _submitted(world)
    inspector = world.users.inspector
    first = _keys(inspector, "hazards.accept")
    notifications.mark_read(inspector, first)
    assert notifications.for_user(inspector).unread_count == 0
    services.reject_rectification(h, actor=inspector, note="照片不清")
    services.submit_for_acceptance(h, actor=world.users.township_a, evidence="补照片")
    second = _keys(inspector, "hazards.accept")
    assert second and second != first
    assert notifications.for_user(inspector).unread_count == 1


def test_deadlines_reach_the_township_and_the_finder_not_the_whole_county(world):
    late = world.sample(Hazard, description="逾期的隐患", found_on=TODAY - datetime.timedelta(days=30))
    Hazard.objects.filter(pk=late.pk).update(deadline=TODAY - datetime.timedelta(days=2))
    soon = world.sample(Hazard, description="快到期的隐患")
    Hazard.objects.filter(pk=soon.pk).update(deadline=TODAY + datetime.timedelta(days=1))
    world.sample(Hazard, description="还早的隐患", deadline=TODAY + datetime.timedelta(days=20))
    township = notifications.for_user(world.users.township_a).notices
    texts = [n.text for n in township if n.source == "hazards.deadline"]
    # most urgent first: the overdue one, then the one due tomorrow; the one due in 20 days is not announced
    assert len(texts) == 2 and "逾期的隐患" in texts[0] and "整改已逾期 2 天" in texts[0] and "快到期的隐患" in texts[1]
    assert [n.level for n in township if n.source == "hazards.deadline"] == ["danger", "warning"]
    assert _keys(world.users.township_b, "hazards.deadline") == []
    # a county inspector: only the hazards he found
    assert _keys(world.users.inspector, "hazards.deadline") == []
    Hazard.objects.filter(pk=soon.pk).update(found_by=world.users.inspector)
    assert _keys(world.users.inspector, "hazards.deadline") == [f"hazards.deadline:{soon.pk}:{TODAY + datetime.timedelta(days=1)}"]


def test_the_count_costs_the_same_queries_for_one_hazard_or_many(world, client_for,
                                                                django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(world.users.inspector)
    _submitted(world, "第一条")
    with CaptureQueriesContext(connection) as one:
        body = c.get(reverse("core:notification_count")).content.decode()
    assert 'data-unread="1"' in body
    for n in range(6):
        _submitted(world, f"又一条{n}")
    with django_assert_max_num_queries(len(one)):
        body = c.get(reverse("core:notification_count")).content.decode()
    assert 'data-unread="7"' in body
