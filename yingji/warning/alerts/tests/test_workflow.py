import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.platform.core import sweeper
from yingji.warning.alerts import services
from yingji.warning.alerts.choices import MsgType, WarningState
from yingji.warning.alerts.models import Warning, WarningEvent

from .helpers import draft, hours, publish_followup, published

pytestmark = pytest.mark.django_db
S = WarningState


def test_draft_to_published_with_events_and_identity(world):
    w = published(world)
    w.refresh_from_db()
    assert w.state == S.PUBLISHED
    assert w.identifier.startswith("331099000") and len(w.identifier) == 31  # GB/T 35965.1 Annex A: 14_14_1
    assert w.sent.microsecond == 0 and w.sender and w.signed_by == world.users.leader
    assert [e.transition for e in WarningEvent.objects.filter(warning=w)] == ["submit", "review", "sign", "publish"]
    assert w.events.last().actor == world.users.duty


def test_signer_must_differ_from_drafter(world):
    w = draft(world, by=world.users.leader)
    services.submit_warning(w, actor=world.users.leader)
    services.review_warning(w, actor=world.users.leader)
    with pytest.raises(ValidationError, match="签发人不能是该预警的起草人"):
        services.sign_warning(w, actor=world.users.leader)
    w.refresh_from_db()
    assert w.state == S.PENDING_SIGN and w.signed_by is None
    services.sign_warning(w, actor=world.users.admin)  # another person with the right signs
    assert w.state == S.SIGNED


@pytest.mark.parametrize("who,step", [("duty", "review"), ("duty", "sign"), ("township_a", "publish"),
                                      ("auditor", "submit")])
def test_roles_per_step(world, who, step):
    w = draft(world)
    user = getattr(world.users, who)
    if step != "submit":
        services.submit_warning(w, actor=world.users.duty)
    if step in ("sign", "publish"):
        services.review_warning(w, actor=world.users.leader)
    if step == "publish":
        services.sign_warning(w, actor=world.users.leader)
    assert not services.WORKFLOW.may(user, w, step)
    assert step not in services.WORKFLOW.allowed(w, user)


def test_publish_requires_signature_and_order(world):
    w = draft(world)
    with pytest.raises(ValidationError, match="只有“已签发待发布”状态可以"):
        services.publish_warning(w, actor=world.users.duty)
    assert Warning.objects.get(pk=w.pk).identifier == ""


def test_return_needs_a_reason_and_clears_review(world):
    w = draft(world)
    services.submit_warning(w, actor=world.users.duty)
    with pytest.raises(ValidationError):
        services.return_warning(w, actor=world.users.leader, note=" ")
    services.return_warning(w, actor=world.users.leader, note="区域不全")
    assert w.state == S.DRAFT


def test_submit_refuses_incomplete_warning(world):
    w = draft(world, areas=[])
    with pytest.raises(ValidationError) as e:
        services.submit_warning(w, actor=world.users.duty)
    assert "预警须有区域" in str(e.value)
    w.areas.set([world.regions.township_a])
    w.expires, w.onset = hours(1), hours(2)
    w.save()
    with pytest.raises(ValidationError, match="失效时间须晚于开始时间"):
        services.submit_warning(w, actor=world.users.duty)
    assert Warning.objects.get(pk=w.pk).state == S.DRAFT


def test_identity_is_frozen(world):
    w = published(world)
    w.refresh_from_db()
    for field, value in (("identifier", "X"), ("sender", "other"), ("sent", timezone.now())):
        fresh = Warning.objects.get(pk=w.pk)
        setattr(fresh, field, value)
        with pytest.raises(ValidationError, match="不可更改"):
            fresh.save()
    assert Warning.objects.get(pk=w.pk).identifier == w.identifier
    with pytest.raises(ValidationError, match="已有编号"):
        services.assign_identity(Warning.objects.get(pk=w.pk), world.users.duty)


def test_update_references_every_message_still_in_force(world):
    first = published(world)
    upd = publish_followup(world, first, MsgType.UPDATE)
    first.refresh_from_db()
    assert first.state == S.SUPERSEDED
    assert upd.references == first.identity()
    upd2 = publish_followup(world, upd, MsgType.UPDATE)
    assert upd2.references.split() == [first.identity(), upd.identity()]
    cancel = publish_followup(world, upd2, MsgType.CANCEL, note="降雨结束")
    assert cancel.references.split() == [first.identity(), upd.identity(), upd2.identity()]
    upd2.refresh_from_db()
    assert upd2.state == S.CANCELLED
    assert not Warning.objects.in_force().filter(pk__in=[first.pk, upd.pk, upd2.pk, cancel.pk]).exists()


def test_expired_predecessors_are_not_referenced(world):
    first = published(world)
    Warning.objects.filter(pk=first.pk).update(expires=hours(-1))  # expired but not yet swept
    upd_draft = services.draft_followup(Warning.objects.get(pk=first.pk), actor=world.users.duty,
                                        msg_type=MsgType.UPDATE)
    upd_draft.expires = hours(6)
    upd_draft.save()
    services.submit_warning(upd_draft, actor=world.users.duty)
    services.review_warning(upd_draft, actor=world.users.leader)
    services.sign_warning(upd_draft, actor=world.users.leader)
    with pytest.raises(ValidationError, match="均已过期"):
        services.publish_warning(upd_draft, actor=world.users.duty)


def test_a_superseded_warning_cannot_be_updated_twice(world):
    first = published(world)
    a = services.draft_followup(first, actor=world.users.duty, msg_type=MsgType.UPDATE)
    publish_followup(world, first, MsgType.UPDATE)
    for step, who in (("submit", "duty"), ("review", "leader"), ("sign", "leader")):
        services.WORKFLOW.run(a, step, actor=getattr(world.users, who))
    with pytest.raises(ValidationError, match="已不能更新或解除"):
        services.publish_warning(a, actor=world.users.duty)
    assert Warning.objects.get(pk=a.pk).identifier == ""
    with pytest.raises(ValidationError, match="只有已发布且未解除"):
        services.draft_followup(first, actor=world.users.duty, msg_type=MsgType.CANCEL)


def test_cancel_needs_a_reason(world):
    first = published(world)
    c = services.draft_followup(first, actor=world.users.duty, msg_type=MsgType.CANCEL, note="")
    with pytest.raises(ValidationError, match="解除原因"):
        services.submit_warning(c, actor=world.users.duty)


def test_expiry_leaves_active_list_and_sweep_marks_it(world):
    w = published(world)
    assert Warning.objects.in_force().filter(pk=w.pk).exists()
    later = w.expires + timezone.timedelta(seconds=1)
    assert not Warning.objects.in_force(later).filter(pk=w.pk).exists()  # by query, before any sweep
    assert sweeper.run_once(w.expires - timezone.timedelta(seconds=1), only=["alerts.expire"]) == {"alerts.expire": 0}
    assert sweeper.run_once(later, only=["alerts.expire"]) == {"alerts.expire": 1}
    assert Warning.objects.get(pk=w.pk).state == S.EXPIRED
    assert sweeper.run_once(later, only=["alerts.expire"]) == {"alerts.expire": 0}


def test_instruction_comes_from_the_guidance_library(world):
    w = draft(world, instruction="")
    assert "防暴雨" in w.instruction and w.severity == "Moderate" and w.event_code == "11B03"


def test_region_scope(world):
    w = draft(world, region=world.regions.township_a, areas=[world.regions.township_a])
    assert Warning.objects.restrict(world.users.township_a).filter(pk=w.pk).exists()
    assert not Warning.objects.restrict(world.users.township_b).filter(pk=w.pk).exists()
    assert not Warning.objects.restrict(world.users.outsider).filter(pk=w.pk).exists()
