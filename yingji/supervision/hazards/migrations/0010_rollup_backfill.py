"""Count the existing hazards in their statistics rollup (core.rollups; yingji/supervision/hazards/rollups.py): from
here on every write path keeps it, and `yingji rollups --rebuild` recounts it."""

from django.db import migrations


def backfill(apps, schema_editor):
    from yingji.supervision.hazards.rollups import HAZARDS
    from yingji.platform.core import rollups

    rollups.rebuild(HAZARDS, model=apps.get_model("hazards", "Hazard"), store=apps.get_model("core", "RollupCount"))


def forget(apps, schema_editor):
    apps.get_model("core", "RollupCount").objects.filter(rollup="hazards").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0006_rollupcount"),
        ("hazards", "0009_hazard_campaign_and_sources"),
    ]

    operations = [migrations.RunPython(backfill, forget)]
