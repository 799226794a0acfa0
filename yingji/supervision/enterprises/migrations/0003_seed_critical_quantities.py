"""Seed a well-known subset of GB 18218-2018 《危险化学品重大危险源辨识》 表1 (named chemicals and their critical
quantities Q) and, for the toxic gases among them, the correction factor β of 表3. The standard is in force from
2019-03-01. Only entries the bureau uses every day are seeded; an administrator imports the others (or a revised
standard) at /imports/critical-quantities/.
"""

import datetime
from decimal import Decimal

from django.db import migrations

IN_FORCE = datetime.date(2019, 3, 1)

# (品名, 别名, CAS 号, 临界量 t, β of 表3 or None)
ROWS = [
    ("氨", "液氨、氨气", "7664-41-7", "10", "2"),
    ("氯", "液氯、氯气", "7782-50-5", "5", "4"),
    ("硫化氢", "", "7783-06-4", "5", "5"),
    ("二氧化硫", "", "7446-09-5", "20", "2"),
    ("环氧乙烷", "", "75-21-8", "10", "2"),
    ("氯化氢（无水）", "氯化氢", "7647-01-0", "20", "3"),
    ("氟化氢", "", "7664-39-3", "1", "5"),
    ("氰化氢", "", "74-90-8", "1", "10"),
    ("碳酰氯", "光气", "75-44-5", "0.3", "20"),
    ("氢", "氢气", "1333-74-0", "5", None),
    ("甲烷", "", "74-82-8", "50", None),
    ("天然气", "", "8006-14-2", "50", None),
    ("液化石油气", "液化气", "68476-85-7", "50", None),
    ("乙炔", "", "74-86-2", "1", None),
    ("乙烯", "", "74-85-1", "50", None),
    ("氯乙烯", "", "75-01-4", "50", None),
    ("苯", "", "71-43-2", "50", None),
    ("甲苯", "", "108-88-3", "500", None),
    ("甲醇", "", "67-56-1", "500", None),
    ("乙醇", "酒精", "64-17-5", "500", None),
    ("丙酮", "", "67-64-1", "500", None),
    ("汽油", "乙醇汽油、甲醇汽油", "86290-81-5", "200", None),
]


def seed(apps, schema_editor):
    CriticalQuantity = apps.get_model("enterprises", "CriticalQuantity")
    for name, aliases, cas, q, beta in ROWS:
        CriticalQuantity.objects.get_or_create(name=name, valid_from=IN_FORCE, defaults={
            "aliases": aliases, "cas_no": cas, "critical_quantity": Decimal(q),
            "beta": Decimal(beta) if beta else None, "standard": "GB 18218-2018 表1"})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_hazard_chemicals")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
