"""The national drill and evaluation cycles of emergency plans (reference/regulations.md §6.3, §6.4)."""

from django.db import migrations

BASIS_2024 = "《突发事件应急预案管理办法》（国办发〔2024〕5号）"
BASIS_708 = "《生产安全事故应急条例》（国务院令第708号）第八条"
BASIS_ORDER2 = "《生产安全事故应急预案管理办法》（应急管理部令第2号）"

ROWS = [
    # duty, subject, months, legal basis
    ("drill", "government", 36, BASIS_2024 + "：专项、部门应急预案至少每3年进行一次演练"),
    ("drill", "government_safety", 24, BASIS_708 + "第一款：县级以上地方人民政府及其部门、乡镇人民政府和街道办事处"
                                            "至少每2年组织1次生产安全事故应急救援预案演练"),
    ("drill", "township", 36, BASIS_2024 + "：乡镇（街道）应急预案参照专项、部门应急预案至少每3年演练一次"),
    ("drill", "high_risk", 6, BASIS_708 + "第二款：危险物品生产经营储存运输单位、矿山、金属冶炼、城市轨道交通运营、"
                                    "建筑施工单位以及宾馆、商场、娱乐场所、旅游景区等人员密集场所经营单位至少每半年组织1次"),
    ("drill", "enterprise", 12, BASIS_ORDER2 + "第三十三条：每年至少组织一次综合应急预案演练或者专项应急预案演练"),
    ("drill", "enterprise_onsite", 6, BASIS_ORDER2 + "第三十三条：每半年至少组织一次现场处置方案演练"),
    ("evaluation", "government", 36, BASIS_2024 + "：县级以上人民政府及其部门应急预案原则上每3年评估一次"),
    ("evaluation", "high_risk", 36, BASIS_ORDER2 + "第三十五条：矿山、金属冶炼、危险化学品等高危单位每3年进行一次应急预案评估"),
    ("evaluation", "enterprise", 36, BASIS_ORDER2 + "第三十五条：中型规模以上的其他生产经营单位每3年进行一次应急预案评估"
                                      "（小型企业可由县级规则另定）"),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("plans", "PlanCycleRule")
    for duty, subject, months, basis in ROWS:
        if not Rule.objects.filter(duty=duty, subject=subject, region__isnull=True, valid_from=None).exists():
            Rule.objects.create(duty=duty, subject=subject, months=months, legal_basis=basis)


def unseed(apps, schema_editor):
    Rule = apps.get_model("plans", "PlanCycleRule")
    for duty, subject, _months, _basis in ROWS:
        Rule.objects.filter(duty=duty, subject=subject, region__isnull=True, valid_from=None).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
