"""core.workflow.Workflow, through the hazard closed loop that uses it: the exact Chinese (and English) refusals, the
audit row and the event row of a transition."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from yingji.platform.audit.models import ObjectChange
from yingji.supervision.hazards.choices import HazardState
from yingji.supervision.hazards.models import Hazard, HazardEvent
from yingji.supervision.hazards.services import WORKFLOW

pytestmark = pytest.mark.django_db


def test_an_illegal_transition_is_refused_in_the_bureaus_words(world):
    hazard = world.sample(Hazard, world.regions.township_a)
    assert WORKFLOW.allowed(hazard) == ["start"]
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.lock(hazard, "accept")
    assert refused.value.messages == ["隐患当前状态为“待整改”，不能验收销号（只有“待验收”状态可以）"]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        WORKFLOW.lock(hazard, "accept")
    assert refused.value.messages[0].startswith("The hazard is “")
    Hazard.objects.filter(pk=hazard.pk).update(voided_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.lock(hazard, "start")
    assert refused.value.messages == ["该隐患已作废，不能开始整改"]


def test_finish_saves_the_state_with_an_audit_row_and_an_event_row(world):
    hazard = world.sample(Hazard, world.regions.township_a)
    fresh = WORKFLOW.lock(hazard, "start")
    WORKFLOW.finish(fresh, "start", actor=world.users.admin, note="五落实已到位")
    assert WORKFLOW.sync(hazard, fresh).state == HazardState.IN_PROGRESS
    event = HazardEvent.objects.get(hazard=hazard)
    assert (event.transition, event.from_state, event.to_state, event.actor, event.note) == (
        "start", HazardState.PENDING, HazardState.IN_PROGRESS, world.users.admin, "五落实已到位")
    change = ObjectChange.objects.filter(object_id=hazard.pk, action=ObjectChange.Action.TRANSITION).get()
    assert change.message == "开始整改：待整改 → 整改中（五落实已到位）"
