"""Seed the national 事故统计分类: the categories the bureaus state accidents in, and the 工矿商贸 roll-up.

Not a law but the reporting practice of the bureaus' yearly summaries (docs/reference/bureau-reports: 腾冲市 2023
"建筑施工类1起、死亡1人；经营性交通事故4起……非煤矿山类3起……工贸行业1起", 黄岩区 2019 "道路交通事故7起……
工矿商贸安全事故1起"), with 工矿商贸 as the accident statistics count it (煤矿、非煤矿山、危险化学品、烟花爆竹、
建筑施工 and the 工贸 trades). A province replaces the whole list with its own rows (rule_for of its region).
"""

from django.db import migrations

BASIS = "生产安全事故统计的行业领域划分；各地应急管理局年度工作总结的通行表述（腾冲市2023年、黄岩区2019年）"
TRADES = ["metallurgy", "nonferrous", "building_materials", "machinery", "light_industry", "textile", "tobacco",
          "commerce", "industrial_other"]
CATEGORIES = [
    # name, sectors, kind, order, state when none
    ("道路交通", ["road_transport"], "breakdown", 10, False),
    ("建筑施工", ["construction"], "breakdown", 20, False),
    ("非煤矿山", ["non_coal_mine"], "breakdown", 30, False),
    ("煤矿", ["coal_mine"], "breakdown", 31, False),
    ("危险化学品", ["hazchem"], "breakdown", 40, False),
    ("烟花爆竹", ["fireworks"], "breakdown", 50, False),
    ("工贸", TRADES, "breakdown", 60, False),
    ("火灾", ["fire"], "breakdown", 70, False),
    ("水上交通", ["waterway"], "breakdown", 80, False),
    ("铁路交通", ["railway"], "breakdown", 81, False),
    ("渔业船舶", ["fishery"], "breakdown", 82, False),
    ("农业机械", ["agri_machinery"], "breakdown", 83, False),
    ("其他", ["other"], "breakdown", 90, False),
    ("工矿商贸", ["coal_mine", "non_coal_mine", "hazchem", "fireworks", "construction", *TRADES], "rollup", 100,
     True),
]


def seed(apps, schema_editor):
    SectorCategory = apps.get_model("accidents", "SectorCategory")
    for name, sectors, kind, order, state_when_none in CATEGORIES:
        if not SectorCategory.objects.filter(name=name, region=None, valid_from=None).exists():
            SectorCategory.objects.create(name=name, sectors=sectors, kind=kind, order=order,
                                          state_when_none=state_when_none, legal_basis=BASIS)


class Migration(migrations.Migration):
    dependencies = [("accidents", "0008_sector_category")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
