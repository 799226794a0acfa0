"""The names that inspections/0010 left behind when the campaigns moved out of inspections (issue 8): the roles'
records of their default permissions ("inspections.view_campaign" → "campaigns.view_campaign") and the users' column
choices and saved filters of the campaign list ("inspections:campaign_list" → "campaigns:campaign_list"); see
core/moves.py."""

from django.db import migrations

from yingji.platform.core.moves import rename_moved

MOVED = ("campaign", "campaignplace")


def forwards(apps, schema_editor):
    rename_moved(apps, schema_editor.connection.alias, source="inspections", target="campaigns", models=MOVED,
                 lists=("campaign_list",))


def backwards(apps, schema_editor):
    rename_moved(apps, schema_editor.connection.alias, source="campaigns", target="inspections", models=MOVED,
                 lists=("campaign_list",))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_apitoken"),
        ("core", "0006_rollupcount"),
        ("campaigns", "0001_initial"),
        ("inspections", "0010_campaigns_moved"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
