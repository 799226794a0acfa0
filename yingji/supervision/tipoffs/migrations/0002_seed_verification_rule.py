"""The verification time limit (核查时限) of a report.

docs/reference/regulations.md gives no statutory figure for it, so it is a bureau rule: 15 days by default, stored as
data so that a bureau (or a province's rule) changes it without a code change.
"""

import datetime

from django.db import migrations


def seed(apps, schema_editor):
    Rule = apps.get_model("tipoffs", "VerificationRule")
    if not Rule.objects.exists():
        Rule.objects.create(days=15, legal_basis="本局举报核查工作规定（可配置的本局规则，非法定时限）",
                            valid_from=datetime.date(2000, 1, 1))


class Migration(migrations.Migration):
    dependencies = [("tipoffs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
