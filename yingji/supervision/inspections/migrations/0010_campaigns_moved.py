"""The campaigns (Campaign, CampaignPlace) moved to yingji.supervision.campaigns (issue 8).

The tables stay where they are (the models keep them through Meta.db_table, and the enterprises M2M table follows),
so the schema does not change: this migration only points the inspections' and the supervision visits' `campaign`
at campaigns.Campaign (hazards, enforcement and draws do the same in their own migrations, which this one follows),
removes the models from the inspections state (campaigns/0001 adds them to the campaigns state) and moves their
content types to the campaigns label. A content type's permissions, the roles' grants of them and the audit rows
(ObjectChange.content_type) refer to the content type's id, so they follow it unchanged.
"""

import django.db.models.deletion
from django.db import migrations, models

from yingji.platform.core.moves import relabel_content_types

MOVED = ("campaign", "campaignplace")


def move_content_types(apps, schema_editor, source="inspections", target="campaigns"):
    relabel_content_types(apps, schema_editor.connection.alias, source=source, target=target, models=MOVED)


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="campaigns", target="inspections")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('campaigns', '0001_initial'),
        # every other foreign key to the campaign points at campaigns.Campaign before the model leaves this state
        ('draws', '0002_campaign_moved'),
        ('enforcement', '0005_campaign_moved'),
        ('hazards', '0013_campaign_moved'),
        ('inspections', '0009_plans_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.AlterField(
                model_name='inspection',
                name='campaign',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='campaigns.campaign', verbose_name='专项行动'),
            ),
            migrations.AlterField(
                model_name='supervisionvisit',
                name='campaign',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='supervision_visits', to='campaigns.campaign', verbose_name='专项行动'),
            ),
            migrations.RemoveField(
                model_name='campaignplace',
                name='campaign',
            ),
            migrations.DeleteModel(
                name='Campaign',
            ),
            migrations.DeleteModel(
                name='CampaignPlace',
            ),
            ],
        ),
        # converts rows only (nothing to convert on a new database): not a seed (core/seeding.py)
        migrations.RunPython(move_content_types, move_back, elidable=True),
    ]
