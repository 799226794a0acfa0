"""Count the existing inspections in their statistics rollup (core.rollups; yingji/supervision/inspections/rollups.py):
from here on every write path keeps it, and `yingji rollups --rebuild` recounts it.
After the moves of the annual plan (0009) and the campaigns (0010) into their own apps."""

from django.db import migrations


def backfill(apps, schema_editor):
    from yingji.platform.core import rollups
    from yingji.supervision.inspections.rollups import ROLLUP

    rollups.rebuild(ROLLUP, model=apps.get_model("inspections", "Inspection"),
                    store=apps.get_model("core", "RollupCount"))


def forget(apps, schema_editor):
    apps.get_model("core", "RollupCount").objects.filter(rollup="inspections").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0007_rollupcount_member"),
        ("enterprises", "0001_initial"),
        ("inspections", "0010_campaigns_moved"),
    ]

    operations = [migrations.RunPython(backfill, forget)]
