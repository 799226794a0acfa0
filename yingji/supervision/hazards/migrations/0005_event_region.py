"""The event rows of the closed loop carry their hazard's region (core.workflow.WorkflowEvent), so that they are in the
hazard's scope."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_region(apps, schema_editor):
    Hazard = apps.get_model("hazards", "Hazard")
    HazardEvent = apps.get_model("hazards", "HazardEvent")
    HazardEvent.objects.update(region_id=Subquery(Hazard.objects.filter(pk=OuterRef("hazard_id")).values("region_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("hazards", "0004_hazard_region_found"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="hazardevent",
            name="region",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="regions.region", verbose_name="所属区划"),
        ),
        migrations.RunPython(fill_region, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="hazardevent",
            name="region",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="regions.region", verbose_name="所属区划"),
        ),
    ]
