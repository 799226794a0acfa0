"""审核 of an inspection record and 审核公示 of a draw go through the platform's workflow: an event row with the actor
and the record's region, the audit row, and refusals in Chinese that write nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.platform.audit.models import ObjectChange
from yingji.supervision.inspections import services
from yingji.supervision.inspections.models import Inspection, InspectionEvent
from yingji.supervision.inspections.testing import make_inspection

pytestmark = pytest.mark.django_db


def test_a_review_writes_its_event_and_a_second_review_is_refused(world):
    inspection = make_inspection(world, world.regions.township_a)
    assert services.REVIEW.allowed(inspection, world.users.leader) == ["review"]
    services.review_inspection(inspection, actor=world.users.leader)
    event = InspectionEvent.objects.get(inspection=inspection)
    assert (event.transition, event.from_state, event.to_state, event.actor, event.region) == (
        "review", "recorded", "reviewed", world.users.leader, inspection.region)
    assert str(event) == "审核：待审核 → 已审核"
    assert services.REVIEW.allowed(inspection, world.users.leader) == []
    with pytest.raises(ValidationError) as refused:
        services.review_inspection(inspection, actor=world.users.leader)
    assert refused.value.messages == ["该检查记录已审核"]
    assert InspectionEvent.objects.filter(inspection=inspection).count() == 1
    assert ObjectChange.objects.filter(object_id=inspection.pk, action="transition").count() == 1


def test_a_participant_or_a_voided_record_is_refused_and_nothing_is_written(world):
    own = make_inspection(world, world.regions.township_a, inspectors=[world.users.leader, world.users.inspector])
    with pytest.raises(ValidationError) as refused:
        services.review_inspection(own, actor=world.users.leader)
    assert refused.value.messages == ["参与检查或录入该记录的人员不能审核本记录"]
    voided = make_inspection(world, world.regions.township_a)
    Inspection.objects.filter(pk=voided.pk).update(voided_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        services.review_inspection(voided, actor=world.users.leader)
    assert refused.value.messages == ["已作废的检查记录不能审核"]
    assert not InspectionEvent.objects.exists()
    own.refresh_from_db()
    assert own.reviewed_at is None


def test_the_detail_page_shows_the_review_in_its_timeline(world, client_for):
    inspection = make_inspection(world, world.regions.township_a)
    client = client_for(world.users.leader)
    response = client.post(f"/inspections/{inspection.pk}/review/", follow=True)
    assert "审核：已完成" in [str(m) for m in response.context["messages"]]
    assert "审核，待审核 → 已审核" in response.content.decode()
