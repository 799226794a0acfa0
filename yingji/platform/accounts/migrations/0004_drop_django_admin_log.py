"""django.contrib.admin was installed without a URL and is no longer: drop its log table and its content type (and
with it the permissions on log entries) from databases created while it was installed. Nothing wrote to the table:
every change is in the audit trail (platform/audit)."""

from django.db import migrations


def forget_admin_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(app_label="admin").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_phone_validators"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS django_admin_log", reverse_sql=migrations.RunSQL.noop),
        migrations.RunPython(forget_admin_content_type, migrations.RunPython.noop, elidable=True),
    ]
