"""Seed the holidays and adjusted working days of 2025 and 2026 from the State Council's notices.

Transcribed from 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号） and 国务院办公厅关于2026年部分
节假日安排的通知（国办发明电〔2025〕7号, dated 2025-11-04）. Every day of a holiday period is a row (its weekend days
too), and every Saturday/Sunday the notice makes a working day. The administrator checks them against the notices
(系统管理 → 节假日安排) and corrects a day there; later years are entered or imported the same way.
"""

import datetime

from django.db import migrations

BASIS_2025 = "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"
BASIS_2026 = "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）"

# (holiday, first day off, last day off, [adjusted working days], basis)
PERIODS = [
    ("元旦", "2025-01-01", "2025-01-01", [], BASIS_2025),
    ("春节", "2025-01-28", "2025-02-04", ["2025-01-26", "2025-02-08"], BASIS_2025),
    ("清明节", "2025-04-04", "2025-04-06", [], BASIS_2025),
    ("劳动节", "2025-05-01", "2025-05-05", ["2025-04-27"], BASIS_2025),
    ("端午节", "2025-05-31", "2025-06-02", [], BASIS_2025),
    ("国庆节、中秋节", "2025-10-01", "2025-10-08", ["2025-09-28", "2025-10-11"], BASIS_2025),
    ("元旦", "2026-01-01", "2026-01-03", ["2026-01-04"], BASIS_2026),
    ("春节", "2026-02-15", "2026-02-23", ["2026-02-14", "2026-02-28"], BASIS_2026),
    ("清明节", "2026-04-04", "2026-04-06", [], BASIS_2026),
    ("劳动节", "2026-05-01", "2026-05-05", ["2026-05-09"], BASIS_2026),
    ("端午节", "2026-06-19", "2026-06-21", [], BASIS_2026),
    ("中秋节", "2026-09-25", "2026-09-27", [], BASIS_2026),
    ("国庆节", "2026-10-01", "2026-10-07", ["2026-09-20", "2026-10-10"], BASIS_2026),
]


def days():
    """(date, kind, holiday, basis) of every seeded day."""
    out = []
    for name, first, last, worked, basis in PERIODS:
        day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        while day <= end:
            out.append((day, "holiday", name, basis))
            day += datetime.timedelta(days=1)
        for w in worked:
            out.append((datetime.date.fromisoformat(w), "workday", name, basis))
    return out


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    for day, kind, name, basis in days():
        if not CalendarDay.objects.filter(date=day, voided_at__isnull=True).exists():
            CalendarDay.objects.create(date=day, kind=kind, holiday=name, basis=basis,
                                       note="由迁移按通知录入，请管理员核对")


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    seeded = [d for d, *_rest in days()]
    CalendarDay.objects.filter(date__in=seeded, note="由迁移按通知录入，请管理员核对").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
