"""core.workflow: the transition table, the one transition service, the event and audit rows, the generic
transition view and the API helper — through a test record of the platform's own (workflowapp.Permit), so that the
platform's tests import no domain."""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core.tests.workflowapp import services
from yingji.platform.core.tests.workflowapp.models import Permit, PermitEvent, PermitState
from yingji.platform.core.workflow import transition, transitioned, workflow_for

pytestmark = pytest.mark.django_db
S = PermitState


def grant(user, *actions):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="workflowtest",
                                                         codename__in=[f"{a}_permit" for a in actions]))
    return type(user).objects.get(pk=user.pk)  # a fresh object: empty permission cache


def permit(world, state=S.DRAFT, region=None):
    return Permit.objects.create(title="临时占道许可", region=region or world.regions.township_a, state=state)


def transitions_written(p):
    return (PermitEvent.objects.filter(permit=p).count(),
            ObjectChange.objects.filter(object_id=p.pk, content_type__app_label="workflowtest",
                                        action=ObjectChange.Action.TRANSITION).count())


# --- the table ------------------------------------------------------------------------------------------------------
def test_the_table_says_what_is_allowed_from_each_state(world):
    p = permit(world)
    assert services.WORKFLOW.allowed(p) == ["submit"]
    p.state = S.SUBMITTED
    assert services.WORKFLOW.allowed(p) == ["approve", "return"]
    p.state = S.RETURNED
    assert services.WORKFLOW.allowed(p) == ["submit"]
    p.voided_at = timezone.now()
    assert services.WORKFLOW.allowed(p) == []


def test_allowed_for_a_user_needs_the_transitions_permission_and_scope(world):
    p = permit(world, S.SUBMITTED)
    changer = grant(world.users.township_a, "view", "change")
    approver = grant(world.users.leader, "view", "change", "approve")
    foreign = grant(world.users.township_b, "view", "change", "approve")
    assert services.WORKFLOW.allowed(p, changer) == []
    assert services.WORKFLOW.allowed(p, approver) == ["approve", "return"]
    assert services.WORKFLOW.allowed(p, foreign) == []


# --- refusals write nothing and speak Chinese -----------------------------------------------------------------------
def test_a_refused_transition_writes_nothing_and_answers_in_the_bureaus_words(world):
    p = permit(world)
    with pytest.raises(ValidationError) as refused:
        transition(p, "approve", actor=world.users.leader)
    assert refused.value.messages == ["许可申请当前状态为“草稿”，不能审批通过（只有“待审批”状态可以）"]
    p.refresh_from_db()
    assert p.state == S.DRAFT and p.approved_on is None
    assert transitions_written(p) == (0, 0)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        transition(p, "approve", actor=world.users.leader)
    assert refused.value.messages[0].startswith("The ")


def test_a_required_field_left_blank_is_refused_before_anything_is_read(world):
    p = permit(world, S.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        transition(p, "return", actor=world.users.leader, note="  ")
    assert refused.value.message_dict == {"note": ["退回须说明原因"]}
    assert transitions_written(p) == (0, 0)


def test_an_error_of_the_transitions_own_checks_rolls_everything_back(world):
    p = permit(world, S.SUBMITTED)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        transition(p, "approve", actor=world.users.leader, approved_on=tomorrow)
    assert refused.value.message_dict == {"approved_on": ["批准日期不能晚于今天"]}
    p.refresh_from_db()
    assert p.state == S.SUBMITTED and p.approved_on is None
    assert transitions_written(p) == (0, 0)


def test_a_voided_record_and_an_unknown_transition_are_refused(world):
    p = permit(world, S.SUBMITTED)
    Permit.objects.filter(pk=p.pk).update(voided_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        transition(p, "approve", actor=world.users.leader)
    assert refused.value.messages == ["该许可申请已作废，不能审批通过"]
    with pytest.raises(ValidationError) as refused:
        transition(p, "destroy", actor=world.users.leader)
    assert refused.value.messages == ["许可申请没有“destroy”这一操作"]


def test_a_stale_copy_of_the_record_is_judged_by_the_row_as_it_is_now(world):
    p = permit(world, S.SUBMITTED)
    stale = Permit.objects.get(pk=p.pk)
    transition(p, "approve", actor=world.users.leader)
    with pytest.raises(ValidationError, match="当前状态为“已批准”"):
        transition(stale, "return", actor=world.users.leader, note="材料不全")
    assert transitions_written(p) == (1, 1)


# --- the step: state, event row and audit row with the explicit actor -----------------------------------------------
def test_a_transition_saves_the_state_with_an_event_row_and_an_audit_row_of_its_actor(world):
    p = permit(world, S.SUBMITTED)
    sent = []
    transitioned.connect(lambda sender, **kw: sent.append((sender, kw["name"])), weak=False, dispatch_uid="t")
    try:
        result = transition(p, "approve", actor=world.users.leader, note="同意", approved_on=timezone.localdate())
    finally:
        transitioned.disconnect(dispatch_uid="t")
    assert result is p and p.state == S.APPROVED and p.approved_on == timezone.localdate()
    p.refresh_from_db()
    assert p.state == S.APPROVED
    event = PermitEvent.objects.get(permit=p)
    assert (event.transition, event.from_state, event.to_state, event.actor, event.note, event.region) == (
        "approve", S.SUBMITTED, S.APPROVED, world.users.leader, "同意", world.regions.township_a)
    assert str(event) == "审批通过：待审批 → 已批准"
    change = ObjectChange.objects.get(object_id=p.pk, action=ObjectChange.Action.TRANSITION)
    assert change.user == world.users.leader and change.region_id == world.regions.township_a.pk
    assert change.message == f"审批通过：待审批 → 已批准（同意），批准日期 {timezone.localdate():%Y-%m-%d}"
    assert change.postchange["state"] == S.APPROVED
    # side effects run on commit: the test's transaction never commits, so nothing was sent
    assert sent == []


def test_side_effects_are_sent_once_the_change_is_committed(world, django_capture_on_commit_callbacks):
    p = permit(world)
    sent = []
    transitioned.connect(lambda sender, **kw: sent.append((sender, kw["name"], kw["actor"], kw["event"].pk)),
                         weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            transition(p, "submit", actor=world.users.township_a)
    finally:
        transitioned.disconnect(dispatch_uid="t")
    assert sent == [(Permit, "submit", world.users.township_a, PermitEvent.objects.get(permit=p).pk)]


def test_the_audit_row_names_the_services_actor_not_the_requests_user(world):
    from yingji.platform.audit import context

    p = permit(world)
    with context.acting(world.users.admin, source="task"):
        transition(p, "submit", actor=world.users.township_a)
    change = ObjectChange.objects.get(object_id=p.pk, action=ObjectChange.Action.TRANSITION)
    assert change.user == world.users.township_a and change.source == "task"


def test_the_workflow_is_found_from_the_record(world):
    assert workflow_for(Permit) is services.WORKFLOW
    assert workflow_for(permit(world)) is services.WORKFLOW


# --- two requests at the same time: only one wins ----------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_transitions_only_one_wins(world):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("an in-memory SQLite database is one connection's; run with YINGJI_TEST_SQLITE or PostgreSQL")
    p = permit(world, S.SUBMITTED)
    locked, release = threading.Event(), threading.Event()
    services.pause.update(locked=locked, release=release)
    outcomes = {}

    def request(key, name, **data):
        from django.db import connections

        try:
            transition(Permit.objects.get(pk=p.pk), name, actor=world.users.leader, **data)
            outcomes[key] = "done"
        except ValidationError as e:
            outcomes[key] = e.messages[0]
        finally:
            connections.close_all()

    first = threading.Thread(target=request, args=("first", "approve"))
    first.start()
    assert locked.wait(5)  # the first request holds the row, inside its transaction
    services.pause.update(locked=None, release=None)
    second = threading.Thread(target=request, args=("second", "return"), kwargs={"note": "材料不全"})
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second request must wait for the first one's lock"
    release.set()
    first.join(10)
    second.join(10)
    assert outcomes == {"first": "done",
                        "second": "许可申请当前状态为“已批准”，不能退回（只有“待审批”状态可以）"}
    p.refresh_from_db()
    assert p.state == S.APPROVED
    assert transitions_written(p) == (1, 1)


# --- the generic transition view --------------------------------------------------------------------------------------
URLS = "yingji.platform.core.tests.workflowapp.urls"


@pytest.mark.urls(URLS)
def test_the_view_carries_out_a_transition_and_says_so(world, client_for):
    p = permit(world, S.SUBMITTED)
    client = client_for(grant(world.users.leader, "view", "change", "approve"))
    response = client.post(f"/permits/{p.pk}/approve/", {"note": "同意"}, follow=True)
    assert response.status_code == 200
    assert "审批通过：已完成" in [str(m) for m in response.context["messages"]]
    p.refresh_from_db()
    assert p.state == S.APPROVED
    assert PermitEvent.objects.get(permit=p).actor == world.users.leader


@pytest.mark.urls(URLS)
def test_the_view_answers_a_refusal_as_a_chinese_message_and_writes_nothing(world, client_for):
    p = permit(world)
    client = client_for(grant(world.users.leader, "view", "change", "approve"))
    response = client.post(f"/permits/{p.pk}/approve/", {"approved_on": "不是日期"}, follow=True)
    assert response.status_code == 200
    response = client.post(f"/permits/{p.pk}/approve/", {}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "许可申请当前状态为“草稿”，不能审批通过（只有“待审批”状态可以）"]
    p.state = S.SUBMITTED
    p.save()
    response = client.post(f"/permits/{p.pk}/return/", {"note": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["退回须说明原因"]
    assert transitions_written(p) == (0, 0)


@pytest.mark.urls(URLS)
def test_the_view_needs_the_transitions_permission_and_the_record_in_scope(world, client_for):
    p = permit(world, S.SUBMITTED)
    changer = client_for(grant(world.users.township_a, "view", "change"))
    assert changer.post(f"/permits/{p.pk}/approve/").status_code == 403
    assert changer.post(f"/permits/{p.pk}/submit/").status_code == 302  # allowed to try: refused by the state
    foreign = client_for(grant(world.users.township_b, "view", "change", "approve"))
    assert foreign.post(f"/permits/{p.pk}/approve/").status_code == 404
    assert foreign.get(f"/permits/{p.pk}/approve/").status_code in (403, 404, 405)
    p.refresh_from_db()
    assert p.state == S.SUBMITTED and transitions_written(p) == (0, 0)


@pytest.mark.urls(URLS)
def test_the_detail_page_shows_the_cards_the_user_may_use_and_the_timeline(world, client_for):
    p = permit(world)
    transition(p, "submit", actor=world.users.township_a, note="请审批")
    leader = client_for(grant(world.users.leader, "view", "change", "approve"))
    cards = leader.get(f"/permits/{p.pk}/").context["transition_forms"]
    assert [(c.name, str(c.label), c.url, c.button_class) for c in cards] == [
        ("approve", "审批通过", f"/permits/{p.pk}/approve/", "btn-primary"),
        ("return", "退回", f"/permits/{p.pk}/return/", "btn-outline-danger")]
    assert list(cards[0].form.fields) == ["approved_on", "note", "at"] and list(cards[1].form.fields) == ["note", "at"]
    township = client_for(grant(world.users.township_a, "view", "change"))
    response = township.get(f"/permits/{p.pk}/")
    assert response.context["transition_forms"] == []
    html = response.content.decode()
    assert "提交审批，草稿 → 待审批（请审批）" in html


def test_the_api_helper_answers_a_refusal_with_400_and_the_chinese_message(world):
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory, force_authenticate

    from yingji.platform.core.api.viewsets import ScopedModelViewSet
    from yingji.platform.core.workflow_views import api_transition

    class PermitSerializer(serializers.ModelSerializer):
        class Meta:
            model = Permit
            fields = ["id", "state"]

    class NoteSerializer(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True)

    class PermitViewSet(ScopedModelViewSet):
        queryset = Permit.objects.all()
        serializer_class = PermitSerializer
        action_permissions = {**ScopedModelViewSet.action_permissions, "approve": "approve"}

        def approve(self, request, pk=None):
            return api_transition(self, request, "approve", NoteSerializer)

    leader = grant(world.users.leader, "view", "change", "approve")
    p = permit(world)
    view = PermitViewSet.as_view({"post": "approve"})
    request = APIRequestFactory().post("/", {"note": "同意"}, format="json")
    force_authenticate(request, leader)
    response = view(request, pk=p.pk)
    assert response.status_code == 400
    assert response.data["message"] == "输入有误，请检查标出的字段：许可申请当前状态为“草稿”，不能审批通过（只有“待审批”状态可以）"
    assert transitions_written(p) == (0, 0)
    Permit.objects.filter(pk=p.pk).update(state=S.SUBMITTED)
    request = APIRequestFactory().post("/", {"note": "同意"}, format="json")
    force_authenticate(request, leader)
    response = view(request, pk=p.pk)
    assert response.status_code == 200 and response.data["state"] == S.APPROVED
    assert transitions_written(p) == (1, 1)
