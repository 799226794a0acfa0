"""Seed the time limits of the enforcement procedure from docs/reference/regulations.md §5.

The penalty order changed on 2026-02-01 (应急管理部令第18号 replaces 原安监总局令第15号/第77号). Its own time limits
were not available when this was written, so from that date the decision limit is the general one of 行政处罚法
Art. 60 (90 days) and the rows say so in their note; an administrator adds the 18号令 rows once the text is checked.
"""

import datetime
from decimal import Decimal

from django.db import migrations

CHANGE = datetime.date(2026, 2, 1)
OLD_END = CHANGE - datetime.timedelta(days=1)

RULES = [
    # code, description, days, day kind, rate %, cap ratio, legal basis, note, valid_from, valid_to
    ("hearing_request", "当事人在告知后申请听证的期限", 5, "working", None, None,
     "《行政处罚法》第六十四条第一项；第八十五条（五日为工作日）", "[P]", None, None),
    ("hearing_notice", "行政机关应在举行听证前通知当事人的最短提前期", 7, "working", None, None,
     "《行政处罚法》第六十四条第二项；第八十五条（七日为工作日）", "[P]", None, None),
    ("decision_simple", "简易程序当场作出处罚决定", 0, "natural", None, None,
     "《行政处罚法》第五十一条、第五十二条", "[P] 当场作出，立案当日即为期限", None, None),
    ("decision_ordinary", "普通程序自立案之日起作出处罚决定的期限", 30, "natural", None, None,
     "《安全生产违法行为行政处罚办法》（原安监总局令第15号，第77号令修改）第三十一条", "[S] 地方实践及条文引述",
     None, OLD_END),
    ("decision_extended", "案情复杂经本机关负责人批准延期后的决定期限（自立案起）", 90, "natural", None, None,
     "《安全生产违法行为行政处罚办法》（第77号令）第三十一条", "[S]", None, OLD_END),
    ("decision_further", "经上一级机关批准再延期后的决定期限（自立案起）", 180, "natural", None, None,
     "《安全生产违法行为行政处罚办法》（第77号令）第三十一条", "[S]", None, OLD_END),
    ("decision_ordinary", "普通程序自立案之日起作出处罚决定的期限", 90, "natural", None, None,
     "《行政处罚法》第六十条；《安全生产违法行为行政处罚办法》（应急管理部令第18号，2026-02-01施行）",
     "[?] 第18号令文本未核实，暂按行政处罚法第六十条的90日；核实后请新增规则行", CHANGE, None),
    ("delivery", "决定书未当场交付的，送达当事人的期限", 7, "working", None, None,
     "《行政处罚法》第六十一条；第八十五条（七日为工作日）", "[P]", None, None),
    ("payment", "当事人自收到处罚决定书之日起缴纳罚款的期限", 15, "natural", None, None,
     "《行政处罚法》第六十七条", "[P]", None, None),
    ("late_surcharge", "到期不缴纳罚款的，每日按罚款数额的3%加处罚款，数额不超过罚款数额", None, "natural",
     Decimal("3.00"), Decimal("1.00"), "《行政处罚法》第七十二条第一项", "[P]", None, None),
]


def seed(apps, schema_editor):
    TimeLimitRule = apps.get_model("enforcement", "TimeLimitRule")
    for code, desc, days, kind, rate, cap, basis, note, start, end in RULES:
        TimeLimitRule.objects.update_or_create(code=code, valid_from=start, defaults={
            "description": desc, "days": days, "day_kind": kind, "rate_percent": rate, "cap_ratio": cap,
            "legal_basis": basis, "note": note, "valid_to": end})


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
