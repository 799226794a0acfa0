"""Seed the time limits of the government's reply (批复) to an investigation report (国务院令第493号 Art. 32)."""

import datetime

from django.db import migrations

IN_FORCE = datetime.date(2007, 6, 1)
LIMITS = [
    ("approval", 15 * 24, "国务院令第493号第三十二条：重大、较大、一般事故，负责事故调查的人民政府应当自收到事故调查报告之日起15日内做出批复"),
    ("approval_extraordinary", 30 * 24,
     "国务院令第493号第三十二条：特别重大事故，30日内做出批复，特殊情况下批复时间可以适当延长，但延长的时间最长不超过30日"),
]


def seed(apps, schema_editor):
    ReportingRule = apps.get_model("accidents", "ReportingRule")
    for duty, hours, basis in LIMITS:
        if not ReportingRule.objects.filter(duty=duty, region=None, valid_from=IN_FORCE).exists():
            ReportingRule.objects.create(duty=duty, hours=hours, sectors=[], legal_basis=basis, valid_from=IN_FORCE)


class Migration(migrations.Migration):
    dependencies = [("accidents", "0003_investigation")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
