import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from yingji.platform.core import sweeper
from yingji.warning.alerts.models import Warning
from yingji.warning.response import services
from yingji.warning.response.choices import ResponseLevel, ResponseState, StepState
from yingji.warning.response.models import EmergencyResponse, ForecastStep, ResponseActionRule, ResponseTask

pytestmark = pytest.mark.django_db
L = ResponseLevel


def started(world, **kw):
    r = world.sample(EmergencyResponse, world.regions.county, **kw)
    services.start_response(r, actor=world.users.duty, decided_by="县防指指挥长 张三")
    return r


def test_start_raise_lower_end_with_decider_and_checklist(world):
    r = started(world)
    assert r.state == ResponseState.ACTIVE and r.level == L.IV and r.started_at
    n4 = r.tasks.count()
    assert n4 == sum(len(row.actions.splitlines()) for row in ResponseActionRule.objects.filter(
        plan_type="flood", level=4))
    services.raise_response(r, actor=world.users.duty, decided_by="县长 李四", level=L.III)
    assert r.level == L.III and r.tasks.filter(level=L.III).exists() and r.tasks.filter(level=L.IV).count() == n4
    with pytest.raises(ValidationError, match="须高于当前"):
        services.raise_response(r, actor=world.users.duty, decided_by="县长 李四", level=L.IV)
    services.lower_response(r, actor=world.users.duty, decided_by="县防指指挥长 张三", level=L.IV)
    services.end_response(r, actor=world.users.leader, decided_by="县防指指挥长 张三")
    r.refresh_from_db()
    assert r.state == ResponseState.ENDED and r.peak_level == L.III and r.ended_at
    events = list(r.events.order_by("at", "pk"))
    assert [e.transition for e in events] == ["start", "raise", "lower", "end"]
    assert [e.decided_by for e in events][:2] == ["县防指指挥长 张三", "县长 李四"]
    assert (events[1].from_level, events[1].to_level) == (L.IV, L.III)


def test_decider_is_required_and_nothing_written(world):
    r = world.sample(EmergencyResponse, world.regions.county)
    with pytest.raises(ValidationError, match="决策人"):
        services.start_response(r, actor=world.users.duty, decided_by=" ")
    r.refresh_from_db()
    assert r.state == ResponseState.PROPOSED and not r.tasks.exists() and not r.events.exists()


def test_only_deciders_may_start(world):
    r = world.sample(EmergencyResponse, world.regions.county)
    assert not services.WORKFLOW.may(world.users.township_a, r, "start")
    assert services.WORKFLOW.may(world.users.duty, r, "start")


def test_one_open_response_per_plan_and_region(world, client_for):
    started(world)
    r = client_for(world.users.duty).post(reverse("response:emergencyresponse_add"), {
        "region": world.regions.county.pk, "plan_type": "flood", "level": 4, "reason": "再次启动"})
    assert r.status_code == 400 and "已有未终止的应急响应" in r.content.decode()
    assert EmergencyResponse.objects.count() == 1


def test_checklist_completion_once(world, client_for):
    r = started(world)
    task = r.tasks.first()
    c = client_for(world.users.duty)
    c.post(reverse("response:responsetask_done", args=[task.pk]), {"note": "已安排"})
    task.refresh_from_db()
    assert task.done_at and task.done_by == world.users.duty and task.done_note == "已安排"
    with pytest.raises(ValidationError, match="已登记落实"):
        services.mark_done(task, actor=world.users.leader)
    assert ResponseTask.objects.get(pk=task.pk).done_by == world.users.duty


def test_pages_and_query_counts(world, client_for, api_for, django_assert_max_num_queries):
    for plan in ("flood", "geohazard"):
        started(world, plan_type=plan)
    c = client_for(world.users.leader)
    with django_assert_max_num_queries(14) as ctx:
        assert c.get(reverse("response:emergencyresponse_list")).status_code == 200
    few = len(ctx.captured_queries)
    started(world, plan_type="forest_fire")
    with django_assert_max_num_queries(few):
        assert c.get(reverse("response:emergencyresponse_list")).status_code == 200
    r = EmergencyResponse.objects.first()
    body = c.get(r.get_absolute_url()).content.decode()
    assert "县防指指挥长 张三决定启动响应" in body
    api = api_for(world.users.duty)
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/emergency-responses/").json()["count"] == 3
    p = EmergencyResponse.objects.create(region=world.regions.township_b, plan_type="flood", reason="山洪")
    resp = api.post(f"/api/v1/emergency-responses/{p.pk}/start/", {"decided_by": ""}, format="json")
    assert resp.status_code == 400 and "决策人" in str(resp.json())
    resp = api.post(f"/api/v1/emergency-responses/{p.pk}/start/", {"decided_by": "镇长 王五", "level": 3},
                    format="json")
    assert resp.status_code == 200 and resp.json()["level"] == 3


def _rain(world, onset_in_hours, level="orange"):
    now = timezone.now()
    from yingji.warning.alerts.tests.helpers import published

    w = published(world, level=level, onset=now + datetime.timedelta(hours=onset_in_hours),
                  expires=now + datetime.timedelta(hours=onset_in_hours + 6))
    return Warning.objects.get(pk=w.pk)


def test_forecast_steps_at_lead_times(world):
    w = _rain(world, 11)
    now = timezone.now()
    assert sweeper.run_once(now, only=["response.forecast"]) == {"response.forecast": 1}
    assert sweeper.run_once(now, only=["response.forecast"]) == {"response.forecast": 0}  # once per rule
    assert ForecastStep.objects.get().lead_hours == 12
    assert sweeper.run_once(w.onset - datetime.timedelta(hours=5), only=["response.forecast"])["response.forecast"] == 1
    assert sweeper.run_once(w.onset - datetime.timedelta(hours=1.5), only=["response.forecast"])[
        "response.forecast"] == 1
    assert sorted(ForecastStep.objects.values_list("lead_hours", flat=True)) == [2, 6, 12]
    step2 = ForecastStep.objects.get(lead_hours=2)
    assert "立即组织危险区人员转移" in step2.message and step2.state == StepState.PREPARED


def test_forecast_below_min_level_prepares_nothing_for_the_2h_rule(world):
    w = _rain(world, 1, level="yellow")  # the 2-hour rule needs orange
    assert sweeper.run_once(timezone.now(), only=["response.forecast"])["response.forecast"] == 1
    assert ForecastStep.objects.get(warning=w).lead_hours == 6  # the tightest rule the level reaches


def test_confirm_step_adds_items_to_the_open_response(world, client_for):
    r = started(world)
    _rain(world, 5)
    services.prepare_forecast_steps()
    step = ForecastStep.objects.get()
    n = r.tasks.count()
    client_for(world.users.duty).post(reverse("response:forecaststep_confirm", args=[step.pk]), {"message": ""})
    step.refresh_from_db()
    assert step.state == StepState.CONFIRMED and step.confirmed_by == world.users.duty and step.response == r
    assert r.tasks.count() == n + len(step.items)
    with pytest.raises(ValidationError, match="不能再确认"):
        services.confirm_step(step, actor=world.users.leader)


def test_dismiss_needs_reason(world):
    _rain(world, 5)
    services.prepare_forecast_steps()
    step = ForecastStep.objects.get()
    with pytest.raises(ValidationError):
        services.dismiss_step(step, actor=world.users.duty, note="")
    services.dismiss_step(step, actor=world.users.duty, note="雨区已偏离本县")
    assert ForecastStep.objects.get().state == StepState.DISMISSED
