"""Seed the national grade thresholds and reporting time limits (docs/reference/regulations.md §1)."""

import datetime
from decimal import Decimal

from django.db import migrations

IN_FORCE = datetime.date(2007, 6, 1)
ART3 = "《生产安全事故报告和调查处理条例》（国务院令第493号）第三条"

GRADES = [  # (grade, min deaths, min serious injuries, min loss yuan)
    (1, 30, 100, Decimal("100000000")),
    (2, 10, 50, Decimal("50000000")),
    (3, 3, 10, Decimal("10000000")),
    (4, None, None, None),
]

LIMITS = [  # (duty, hours, sectors, legal basis)
    ("unit_to_county", 1, [], "国务院令第493号第九条：事故单位负责人接到报告后1小时内向县级以上应急管理部门和有关部门报告"),
    ("level_up", 2, [], "国务院令第493号第十条、第十一条：逐级上报，每级上报时间不得超过2小时"),
    ("supplement", 30 * 24, [], "国务院令第493号第十三条：自事故发生之日起30日内伤亡人数发生变化的，应当及时补报"),
    ("supplement", 7 * 24, ["road_transport", "fire"],
     "国务院令第493号第十三条：道路交通事故、火灾事故自发生之日起7日内伤亡人数发生变化的，应当及时补报"),
    ("investigation", 60 * 24, [], "国务院令第493号第二十九条：自事故发生之日起60日内提交事故调查报告"),
    ("investigation_extension", 60 * 24, [],
     "国务院令第493号第二十九条：特殊情况下经批准可以适当延长，延长期限最长不超过60日"),
]


def seed(apps, schema_editor):
    GradeRule = apps.get_model("accidents", "AccidentGradeRule")
    ReportingRule = apps.get_model("accidents", "ReportingRule")
    for grade, deaths, serious, loss in GRADES:
        GradeRule.objects.get_or_create(grade=grade, region=None, valid_from=IN_FORCE, defaults={
            "min_deaths": deaths, "min_serious_injuries": serious, "min_loss": loss, "legal_basis": ART3})
    for duty, hours, sectors, basis in LIMITS:
        if not ReportingRule.objects.filter(duty=duty, region=None, hours=hours, valid_from=IN_FORCE).exists():
            ReportingRule.objects.create(duty=duty, hours=hours, sectors=sectors, legal_basis=basis,
                                         valid_from=IN_FORCE)


class Migration(migrations.Migration):
    dependencies = [("accidents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
