"""Seed the national time limits of the disaster statistics system (docs/reference/regulations.md §2.6).

No 核报 limit is seeded: the 2020 system's limit is not confirmed (regulations.md lists it as [?]); a province adds
its own LossReportingRule(duty="verified").
"""

import datetime

from django.db import migrations

IN_FORCE = datetime.date(2020, 3, 8)
SYSTEM = "《自然灾害情况统计调查制度》（应急〔2020〕19号）"
RULES = [  # (duty, hours, threshold, disaster types, basis)
    ("initial", 2, None, [], f"{SYSTEM}：县级应急管理部门在灾害发生后2小时内初报"),
    ("follow_up", 24, None, [], f"{SYSTEM}、《自然灾害救助条例》第十七条：灾情稳定前每日续报（24小时零报告）"),
    ("follow_up", 240, None, ["drought"], f"{SYSTEM}：干旱灾害每10日续报一次"),
    ("escalate", None, 10, [], f"{SYSTEM}：因灾死亡失踪10人以上的，县级同时报告省级应急管理部门和应急管理部"),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("losses", "LossReportingRule")
    for duty, hours, threshold, types, basis in RULES:
        if not Rule.objects.filter(duty=duty, region=None, disaster_types=types or [], hours=hours).exists():
            Rule.objects.create(duty=duty, hours=hours, threshold=threshold, disaster_types=types, legal_basis=basis,
                                valid_from=IN_FORCE)


class Migration(migrations.Migration):
    dependencies = [("losses", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
