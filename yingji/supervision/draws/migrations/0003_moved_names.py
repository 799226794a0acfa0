"""The names that 0001 and inspections/0008 left behind when the draws moved out of inspections (issue 8): the
roles' records of their default permissions ("inspections.view_draw" → "draws.view_draw") and the users' column
choices and saved filters of the draw list ("inspections:draw_list" → "draws:draw_list"); see core/moves.py. On a
database that already ran a later `migrate`, a default permission an administrator had revoked may have been given
back meanwhile: that cannot be told apart from a grant here and is left as it is."""

from django.db import migrations

from yingji.platform.core.moves import rename_moved

MOVED = ("draw", "drawitem", "drawevent")


def forwards(apps, schema_editor):
    rename_moved(apps, schema_editor.connection.alias, source="inspections", target="draws", models=MOVED,
                 lists=("draw_list",))


def backwards(apps, schema_editor):
    rename_moved(apps, schema_editor.connection.alias, source="draws", target="inspections", models=MOVED,
                 lists=("draw_list",))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_apitoken"),
        ("core", "0006_rollupcount"),
        ("draws", "0002_campaign_moved"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
