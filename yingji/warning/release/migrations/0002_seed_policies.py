from django.db import migrations

BASIS = "中共中央政治局常委会会议（2023-08-17）“直达基层防汛责任人的临灾预警‘叫应’机制”；勉县实践：3分钟内语音呼叫，5分钟内重拨3次，仍未叫应报上级"
ROWS = [("blue", False), ("yellow", False), ("orange", True), ("red", True)]


def seed(apps, schema_editor):
    Policy = apps.get_model("release", "EscalationPolicy")
    for level, confirm in ROWS:
        if not Policy.objects.filter(level=level, region__isnull=True).exists():
            Policy.objects.create(level=level, confirm_required=confirm, first_call_minutes=3, redials=3,
                                  redial_window_minutes=5, notify_superior=True, notify_duty=True, legal_basis=BASIS)


class Migration(migrations.Migration):
    dependencies = [("release", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
