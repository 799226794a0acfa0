"""The event rows of a report's handling carry the report's region (core.workflow.WorkflowEvent), so that they are in
the report's scope."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_region(apps, schema_editor):
    Tipoff = apps.get_model("tipoffs", "Tipoff")
    TipoffEvent = apps.get_model("tipoffs", "TipoffEvent")
    TipoffEvent.objects.update(region_id=Subquery(Tipoff.objects.filter(pk=OuterRef("tipoff_id")).values("region_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("tipoffs", "0004_phone_validator"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="tipoffevent",
            name="region",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="regions.region", verbose_name="所属区划"),
        ),
        migrations.RunPython(fill_region, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="tipoffevent",
            name="region",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="regions.region", verbose_name="所属区划"),
        ),
    ]
