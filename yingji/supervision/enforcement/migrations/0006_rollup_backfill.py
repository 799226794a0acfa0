"""Count the existing cases, penalties and measures in the enforcement statistics' rollups (core.rollups;
yingji/supervision/enforcement/rollups.py): from here on every write path keeps them, and `yingji rollups --rebuild`
recounts them."""

from django.db import migrations

MODELS = {"enforcement.filed": "EnforcementCase", "enforcement.closed": "EnforcementCase",
          "enforcement.decided": "EnforcementCase", "enforcement.penalties": "Penalty",
          "enforcement.measures": "Measure"}


def backfill(apps, schema_editor):
    from yingji.platform.core import rollups
    from yingji.supervision.enforcement.rollups import ALL

    store = apps.get_model("core", "RollupCount")
    for rollup in ALL:
        rollups.rebuild(rollup, model=apps.get_model("enforcement", MODELS[rollup.key]), store=store)


def forget(apps, schema_editor):
    apps.get_model("core", "RollupCount").objects.filter(rollup__in=list(MODELS)).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0007_rollupcount_member"),
        ("enforcement", "0005_campaign_moved"),
    ]

    operations = [migrations.RunPython(backfill, forget)]
