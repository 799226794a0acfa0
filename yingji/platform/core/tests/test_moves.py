"""core/moves.py: what names a moved model or its list by text follows it (the draws', the plans' and the
campaigns' moves out of inspections), and a second run changes nothing."""

import pytest
from django.apps import apps
from django.db import connection

from yingji.platform.accounts.models import Role
from yingji.platform.core.models import ListPreference, SavedFilter
from yingji.platform.core.moves import rename_moved

pytestmark = pytest.mark.django_db


def test_seeded_defaults_and_list_settings_follow_the_moved_model(world):
    role = Role.objects.get(code="enforcement")
    role.seeded = ["inspections.view_draw", "inspections.add_drawitem", "inspections.view_inspection",
                   "hazards.view_hazard"]
    role.save(update_fields=["seeded"])
    user = world.users.inspector
    ListPreference.objects.create(user=user, list_name="inspections:draw_list", hidden_columns=["seed"])
    SavedFilter.objects.create(user=user, list_name="inspections:draw_list", name="本季度", query="q=1")
    SavedFilter.objects.create(user=user, list_name="inspections:inspection_list", name="我的", query="q=2")

    for _ in range(2):  # the second run finds nothing left to rename
        rename_moved(apps, connection.alias, source="inspections", target="draws",
                     models=("draw", "drawitem", "drawevent"), lists=("draw_list",))
        role.refresh_from_db()
        # the moved models' defaults under the new label; the models that stayed (inspection) keep theirs
        assert role.seeded == ["draws.add_drawitem", "draws.view_draw", "hazards.view_hazard",
                               "inspections.view_inspection"]
        assert set(ListPreference.objects.values_list("list_name", flat=True)) == {"draws:draw_list"}
        assert sorted(SavedFilter.objects.values_list("list_name", flat=True)) == [
            "draws:draw_list", "inspections:inspection_list"]
