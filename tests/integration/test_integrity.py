"""A database constraint that no form or serializer checks is bad input: a Chinese message, never a 500."""

import pytest

from yingji.platform.core.services import void_record
from yingji.supervision.inspection_plans.models import InspectionPlan


@pytest.fixture
def twin_plans(world):
    """Two plans for the same region and year: the first voided, so the second was allowed."""
    first = world.sample(InspectionPlan, world.regions.county, year=2026)
    void_record(first, actor=world.users.admin, reason="重复录入")
    second = world.sample(InspectionPlan, world.regions.county, year=2026)
    return first, second


def test_restoring_a_record_that_now_has_an_active_twin_is_refused_on_the_web(world, client_for, twin_plans):
    first, _second = twin_plans
    response = client_for(world.users.admin).post(f"/inspectionplans/{first.pk}/restore/", follow=True)
    assert response.status_code == 200
    assert "与已有的有效记录重复" in response.content.decode()
    first.refresh_from_db()
    assert first.voided_at is not None


def test_restoring_a_record_that_now_has_an_active_twin_is_refused_by_the_api(world, api_for, twin_plans):
    first, _second = twin_plans
    response = api_for(world.users.admin).post(f"/api/v1/inspection-plans/{first.pk}/restore/")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "与已有的有效记录重复" in body["message"]
    first.refresh_from_db()
    assert first.voided_at is not None
