"""案卷评查 items are child rows of the review: each is audited as the reviewer, with the case's region, and linked to
the review it belongs to; a case's steps are linked to the case."""

import datetime

import pytest

from yingji.platform.audit.context import acting
from yingji.platform.audit.models import ObjectChange
from yingji.supervision.enforcement import services
from yingji.supervision.enforcement.choices import Step
from yingji.supervision.enforcement.models import CaseReview, CaseReviewItem, CaseStep, EnforcementCase
from yingji.supervision.enforcement.testing import make_case, officers, walk

pytestmark = pytest.mark.django_db


def test_review_items_are_audited_as_the_reviewer_with_the_cases_region(world):
    case = walk(make_case(world, world.regions.township_b), world, Step.EXECUTE, start=datetime.date(2026, 3, 2))
    services.close_case(case, actor=world.users.inspector, date=datetime.date(2026, 6, 1), officers=officers(world))
    scores = {code: (maximum, "") for code, _label, maximum in services.REVIEW_ITEMS}
    # run as the leader from inside another acting user's block (a command, a task): the service's actor wins
    with acting(world.users.admin, source="command"):
        review = services.review_case(case, actor=world.users.leader, date=datetime.date(2026, 6, 2), scores=scores)
    rows = ObjectChange.objects.filter(content_type__model="casereviewitem", action="create")
    assert sorted(rows.values_list("object_id", flat=True)) == sorted(review.items.values_list("pk", flat=True))
    assert {(r.user_id, r.region_id, r.related_object_id, r.message) for r in rows} == {
        (world.users.leader.pk, world.regions.township_b.pk, review.pk, "案卷评查")}
    assert {r.related_content_type.model_class() for r in rows} == {CaseReview}
    review_row = ObjectChange.objects.get(content_type__model="casereview", object_id=review.pk)
    assert review_row.user == world.users.leader and review_row.related_object_id == case.pk
    step_rows = ObjectChange.objects.filter(content_type__model="casestep",
                                            object_id__in=CaseStep.objects.filter(case=case).values("pk"))
    assert step_rows.exists() and {(r.related_content_type.model_class(), r.related_object_id)
                                   for r in step_rows} == {(EnforcementCase, case.pk)}
    assert CaseReviewItem.objects.filter(review=review).count() == len(services.REVIEW_ITEMS)
