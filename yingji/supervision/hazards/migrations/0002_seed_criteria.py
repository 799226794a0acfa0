"""Seed the 重大事故隐患判定标准 items that docs/reference/regulations.md §3.3 states reliably.

- 工贸企业重大事故隐患判定标准 (应急管理部令第10号, in force 2023-05-15): the three general items of Art. 3.
  Its 47 行业类 and 14 专项类 items are not in the reference and are left for an administrator to import.
- 化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行） (安监总管三〔2017〕121号): items 1–14.
  Items 15–20 are not captured in the reference and are left out. valid_from is the notice's date, 2017-11-13.
"""

import datetime

from django.db import migrations

TRADE_SECTORS = "industry_trade"
CHEM_SECTORS = "hazchem_production,hazchem_trade,hazchem_use"
TRADE_BASIS = "应急管理部令第10号"
CHEM_BASIS = "安监总管三〔2017〕121号"

ITEMS = [
    ("industry_trade", "第三条第（一）项", "未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的",
     TRADE_SECTORS, TRADE_BASIS, datetime.date(2023, 5, 15)),
    ("industry_trade", "第三条第（二）项", "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的",
     TRADE_SECTORS, TRADE_BASIS, datetime.date(2023, 5, 15)),
    ("industry_trade", "第三条第（三）项", "金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的",
     TRADE_SECTORS, TRADE_BASIS, datetime.date(2023, 5, 15)),
]
CHEM = [
    "危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格",
    "特种作业人员未持证上岗",
    "涉及“两重点一重大”的生产装置、储存设施外部安全防护距离不符合国家标准要求",
    "涉及重点监管危险化工工艺的装置未实现自动化控制，系统未实现紧急停车功能，装备的自动化控制系统、紧急停车系统未投入使用",
    "构成一级、二级重大危险源的危险化学品罐区未实现紧急切断功能；涉及毒性气体、液化气体、剧毒液体的一级、二级重大危险源的"
    "危险化学品罐区未配备独立的安全仪表系统",
    "全压力式液化烃储罐未按国家标准设置注水措施",
    "液化烃、液氨、液氯等易燃易爆、有毒有害液化气体的充装未使用万向管道充装系统",
    "光气、氯气等剧毒气体及硫化氢气体管道穿越除厂区（包括化工园区、工业园区）外的公共区域",
    "地区架空电力线路穿越生产区且不符合国家标准要求",
    "在役化工装置未经正规设计且未进行安全设计诊断",
    "使用淘汰落后安全技术工艺、设备目录列出的工艺、设备",
    "涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置，爆炸危险场所未按国家标准安装使用防爆电气设备",
    "控制室或机柜间面向具有火灾、爆炸危险性装置一侧不满足国家标准关于防火防爆的要求",
    "化工生产装置未按国家标准要求设置双重电源供电，自动化控制系统未设置不间断电源",
]
ITEMS += [("chemicals", f"第 {i} 项", text, CHEM_SECTORS, CHEM_BASIS, datetime.date(2017, 11, 13))
          for i, text in enumerate(CHEM, start=1)]


def seed(apps, schema_editor):
    Criterion = apps.get_model("hazards", "MajorHazardCriterion")
    # 0006 turned the comma-separated text into a list; the test database replays this seed on the current model
    # (core/seeding.py), where it must write the list at once
    as_list = Criterion._meta.get_field("sectors").get_internal_type() == "JSONField"
    for standard, item_no, text, sectors, basis, valid_from in ITEMS:
        if as_list:
            sectors = [s.strip() for s in sectors.split(",") if s.strip()]
        Criterion.objects.get_or_create(standard=standard, item_no=item_no, valid_from=valid_from, defaults={
            "text": text, "sectors": sectors, "legal_basis": basis})


def unseed(apps, schema_editor):
    Criterion = apps.get_model("hazards", "MajorHazardCriterion")
    for standard, item_no, _text, _sectors, _basis, valid_from in ITEMS:
        Criterion.objects.filter(standard=standard, item_no=item_no, valid_from=valid_from,
                                 hazards__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("hazards", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
