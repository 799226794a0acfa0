"""core.workflow: a step entered late carries the time it really happened (`at`, 实际办理日期) — not in the future,
not before the record's earlier steps nor its start; the event row keeps the real time and the entry time, the audit
text states both; the web form and the API take it. Through the platform's own test record (workflowapp.Permit)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core.tests.workflowapp import services
from yingji.platform.core.tests.workflowapp.models import Permit, PermitEvent, PermitState
from yingji.platform.core.workflow import late_text, parse_step_time, transition

from .test_workflow import URLS, grant, permit, transitions_written

pytestmark = pytest.mark.django_db
S = PermitState
TODAY = timezone.localdate()


def day(n):
    return TODAY - datetime.timedelta(days=n)


def local(dt):
    return timezone.localtime(dt)


def audit_messages(p):
    return list(ObjectChange.objects.filter(object_id=p.pk, content_type__app_label="workflowtest",
                                            action=ObjectChange.Action.TRANSITION)
                .order_by("pk").values_list("message", flat=True))


def test_a_step_without_a_date_happens_now_and_its_audit_text_is_unchanged(world):
    p = permit(world)
    before = timezone.now()
    transition(p, "submit", actor=world.users.township_a)
    e = PermitEvent.objects.get(permit=p)
    assert before <= e.at == e.recorded_at <= timezone.now()
    assert not e.entered_late
    assert audit_messages(p) == ["提交审批：草稿 → 待审批"]


def test_a_step_entered_late_keeps_its_real_date_and_its_entry_time(world):
    p = permit(world)
    transition(p, "submit", actor=world.users.township_a, at=day(30))
    e = PermitEvent.objects.get(permit=p)
    assert local(e.at).date() == day(30) and local(e.at).time() == datetime.time.min
    assert local(e.recorded_at).date() == TODAY and e.entered_late
    assert audit_messages(p) == [f"提交审批：草稿 → 待审批（实际办理：{day(30):%Y-%m-%d}，录入：{TODAY:%Y-%m-%d}）"]


def test_a_date_and_time_is_kept_to_the_minute_and_stated_so(world):
    p = permit(world)
    at = timezone.make_aware(datetime.datetime.combine(day(3), datetime.time(9, 30)))
    transition(p, "submit", actor=world.users.township_a, at=at, note="补录")
    assert PermitEvent.objects.get(permit=p).at == at
    [message] = audit_messages(p)
    assert message.startswith(f"提交审批：草稿 → 待审批（补录）（实际办理：{day(3):%Y-%m-%d} 09:30，录入：{TODAY:%Y-%m-%d} ")


def test_today_means_now(world):
    p = permit(world)
    transition(p, "submit", actor=world.users.township_a, at=TODAY)
    e = PermitEvent.objects.get(permit=p)
    assert abs(e.at - e.recorded_at) < datetime.timedelta(seconds=5)
    assert audit_messages(p) == ["提交审批：草稿 → 待审批"]


@pytest.mark.parametrize("at, message", [
    (TODAY + datetime.timedelta(days=1), "实际办理日期不能晚于今天"),
    (timezone.now() + datetime.timedelta(hours=2), "实际办理时间不能晚于现在"),
    ("2025-13-40", "实际办理时间格式不正确，请填写日期（如 2025-04-20）或日期时间（如 2025-04-20 10:30）"),
])
def test_a_time_in_the_future_or_unreadable_is_refused_and_nothing_is_written(world, at, message):
    p = permit(world)
    with pytest.raises(ValidationError) as refused:
        transition(p, "submit", actor=world.users.township_a, at=at)
    assert refused.value.message_dict == {"at": [message]}
    p.refresh_from_db()
    assert p.state == S.DRAFT and transitions_written(p) == (0, 0)


def test_a_step_dated_before_the_records_previous_step_is_refused(world):
    p = permit(world)
    transition(p, "submit", actor=world.users.township_a, at=day(10))
    leader = world.users.leader
    with pytest.raises(ValidationError) as refused:
        transition(p, "approve", actor=leader, at=day(11))
    assert refused.value.message_dict == {"at": [
        f"实际办理时间不能早于该许可申请上一步“提交审批”的办理时间（{day(10):%Y-%m-%d} 00:00）"]}
    p.refresh_from_db()
    assert p.state == S.SUBMITTED and transitions_written(p) == (1, 1)
    # the same day as the previous step, or later, is accepted; events stay in the order they happened
    transition(p, "approve", actor=leader, at=day(10), approved_on=day(10))
    assert [e.transition for e in PermitEvent.objects.filter(permit=p)] == ["submit", "approve"]


def test_a_step_entered_now_after_a_later_step_is_not_moved_back(world):
    """A step without a date is now: later than any earlier step, so always accepted."""
    p = permit(world)
    transition(p, "submit", actor=world.users.township_a, at=day(5))
    transition(p, "approve", actor=world.users.leader)
    assert PermitEvent.objects.filter(permit=p).count() == 2


def test_a_step_dated_before_the_records_start_is_refused(world, monkeypatch):
    monkeypatch.setattr(services.WORKFLOW, "start_field", "approved_on")
    p = permit(world)
    Permit.objects.filter(pk=p.pk).update(approved_on=day(20))
    with pytest.raises(ValidationError) as refused:
        transition(p, "submit", actor=world.users.township_a, at=day(21))
    assert refused.value.message_dict == {"at": [f"实际办理时间不能早于该许可申请的批准日期（{day(20):%Y-%m-%d}）"]}
    assert transitions_written(p) == (0, 0)
    transition(p, "submit", actor=world.users.township_a, at=day(20))


def test_a_workflow_without_late_entry_refuses_a_date(world, monkeypatch):
    monkeypatch.setattr(services.WORKFLOW, "late_entry", False)
    p = permit(world)
    with pytest.raises(ValidationError) as refused:
        transition(p, "submit", actor=world.users.township_a, at=day(1))
    assert refused.value.message_dict == {"at": ["许可申请的这一操作不能补录实际办理时间"]}
    transition(p, "submit", actor=world.users.township_a)  # without a date it goes on as before


@pytest.mark.urls(URLS)
def test_the_web_form_offers_the_date_and_the_step_stores_it(world, client_for):
    p = permit(world, S.SUBMITTED)
    leader = client_for(grant(world.users.leader, "view", "change", "approve"))
    card = leader.get(f"/permits/{p.pk}/").context["transition_forms"][0]
    assert card.form.fields["at"].label == "实际办理日期" and not card.form.fields["at"].required
    assert 'type="date"' in str(card.form["at"])
    response = leader.post(f"/permits/{p.pk}/approve/", {"at": (TODAY + datetime.timedelta(days=2)).isoformat()})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.state == S.SUBMITTED and transitions_written(p) == (0, 0)
    response = leader.post(f"/permits/{p.pk}/approve/", {"at": day(7).isoformat(), "approved_on": day(7).isoformat()})
    assert response.status_code == 302
    p.refresh_from_db()
    e = PermitEvent.objects.get(permit=p)
    assert p.state == S.APPROVED and local(e.at).date() == day(7) and local(e.recorded_at).date() == TODAY


def test_the_api_takes_the_date_as_the_web_form_does(world):
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory, force_authenticate

    from yingji.platform.core.api.serializers import TransitionSerializer
    from yingji.platform.core.api.viewsets import ScopedModelViewSet
    from yingji.platform.core.workflow_views import api_transition

    class PermitSerializer(serializers.ModelSerializer):
        class Meta:
            model = Permit
            fields = ["id", "state"]

    class PermitViewSet(ScopedModelViewSet):
        queryset = Permit.objects.all()
        serializer_class = PermitSerializer
        action_permissions = {**ScopedModelViewSet.action_permissions, "submit": "change"}

        def submit(self, request, pk=None):
            return api_transition(self, request, "submit", TransitionSerializer)

    user = grant(world.users.leader, "view", "change")
    view = PermitViewSet.as_view({"post": "submit"})

    def post(p, body):
        request = APIRequestFactory().post("/", body, format="json")
        force_authenticate(request, user)
        return view(request, pk=p.pk)

    p = permit(world)
    response = post(p, {"at": "not a date"})
    assert response.status_code == 400 and "at" in response.data["errors"]
    response = post(p, {"at": (TODAY + datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert response.data["errors"] == {"at": ["实际办理日期不能晚于今天"]}
    assert transitions_written(p) == (0, 0)
    response = post(p, {"at": f"{day(4):%Y-%m-%d}T08:15:00", "note": "补录"})
    assert response.status_code == 200, response.data
    e = PermitEvent.objects.get(permit=p)
    assert local(e.at) == timezone.make_aware(datetime.datetime.combine(day(4), datetime.time(8, 15)))
    q = permit(world)
    assert post(q, {"at": None}).status_code == 200 and post(permit(world), {"at": ""}).status_code == 200


def test_parse_and_audit_text_helpers():
    assert parse_step_time(None) is None and parse_step_time("  ") is None
    assert parse_step_time("2025-04-20") == datetime.date(2025, 4, 20)
    at = parse_step_time("2025-04-20 10:30")
    assert timezone.is_aware(at) and local(at).hour == 10
    now = timezone.now()
    assert late_text(None, now, now) == ""
    assert late_text(datetime.date(2025, 11, 3), timezone.make_aware(datetime.datetime(2025, 11, 3)),
                     timezone.make_aware(datetime.datetime(2026, 12, 4, 10))) == "（实际办理：2025-11-03，录入：2026-12-04）"
