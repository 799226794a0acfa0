"""The double-random draws (Draw, DrawItem, DrawEvent) moved to yingji.supervision.draws (issue 8).

The tables stay where they are (the models keep them through Meta.db_table), so the schema does not change: this
migration only removes the models from the inspections state (draws/0001 adds them to the draws state) and moves
their content types to the draws label. A content type's permissions, the roles' grants of them and the audit rows
(ObjectChange.content_type) refer to the content type's id, so they follow it unchanged.
"""

import django.db.models.deletion
from django.db import migrations, models

from yingji.platform.core.moves import relabel_content_types

MOVED = ("draw", "drawitem", "drawevent")


def move_content_types(apps, schema_editor, source="inspections", target="draws"):
    relabel_content_types(apps, schema_editor.connection.alias, source=source, target=target, models=MOVED)


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="draws", target="inspections")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('draws', '0001_initial'),
        ('inspections', '0007_campaign_places'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.RemoveField(
                model_name='draw',
                name='campaign',
            ),
            migrations.RemoveField(
                model_name='draw',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='draw',
                name='published_by',
            ),
            migrations.RemoveField(
                model_name='draw',
                name='region',
            ),
            migrations.RemoveField(
                model_name='draw',
                name='voided_by',
            ),
            migrations.RemoveField(
                model_name='drawevent',
                name='draw',
            ),
            migrations.RemoveField(
                model_name='drawevent',
                name='actor',
            ),
            migrations.RemoveField(
                model_name='drawevent',
                name='region',
            ),
            migrations.RemoveConstraint(
                model_name='drawitem',
                name='drawitem_unique_position',
            ),
            migrations.AlterField(
                model_name='inspection',
                name='draw_item',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='draws.drawitem', verbose_name='双随机抽查'),
            ),
            migrations.DeleteModel(
                name='DrawEvent',
            ),
            migrations.RemoveField(
                model_name='drawitem',
                name='draw',
            ),
            migrations.RemoveField(
                model_name='drawitem',
                name='enterprise',
            ),
            migrations.RemoveField(
                model_name='drawitem',
                name='inspectors',
            ),
            migrations.DeleteModel(
                name='Draw',
            ),
            migrations.DeleteModel(
                name='DrawItem',
            ),
            ],
        ),
        # converts rows only (nothing to convert on a new database): not a seed (core/seeding.py)
        migrations.RunPython(move_content_types, move_back, elidable=True),
    ]
