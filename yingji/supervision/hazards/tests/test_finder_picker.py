"""The 发现人 of a hazard is a colleague who may register hazards (accounts/colleagues.py)."""

import pytest

from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.forms import HazardForm

pytestmark = pytest.mark.django_db


def test_the_finder_is_a_colleague_on_the_page_and_in_the_api(world, api_for):
    offered = {u.username for u in HazardForm(user=world.users.inspector).fields["found_by"].queryset}
    assert offered == {"department", "inspector", "inspector2", "township_a", "township_b"}
    e = world.sample(Enterprise)
    api = api_for(world.users.inspector)
    data = {"enterprise": e.pk, "description": "消防通道堵塞", "category": "other", "level": "general",
            "source": "department", "found_on": "2026-03-02"}
    r = api.post("/api/v1/hazards/", {**data, "found_by": world.users.admin.pk}, format="json")
    assert r.status_code == 400 and "found_by" in r.json()["errors"]
    r = api.post("/api/v1/hazards/", {**data, "found_by": world.users.township_a.pk}, format="json")
    assert r.status_code == 201, r.json()
