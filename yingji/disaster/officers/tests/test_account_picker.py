"""A 灾害信息员's system account is a colleague who reports disaster losses (accounts/colleagues.py)."""

import pytest

from yingji.disaster.officers.forms import DisasterInfoOfficerForm

pytestmark = pytest.mark.django_db


def test_the_account_choice_is_a_loss_reporting_colleague(world, api_for):
    offered = {u.username for u in DisasterInfoOfficerForm(user=world.users.admin).fields["user"].queryset}
    assert offered == {"disaster", "duty", "township_a", "township_b"}
    r = api_for(world.users.admin).post("/api/v1/disaster-info-officers/", {
        "name": "新信息员", "phone": "13800000000", "region": world.regions.village_a.pk, "role": "B",
        "active": True, "user": world.users.auditor.pk}, format="json")
    assert r.status_code == 400 and "user" in r.json()["errors"]
