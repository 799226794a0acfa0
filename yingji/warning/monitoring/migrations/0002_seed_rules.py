"""Seed the national alarm rules (监测报警规则). Thresholds that depend on the place (a river section's 警戒水位, a
reservoir's 汛限水位, a village's 山洪临界雨量, a landslide's design values) are per-sensor or per-county rows added by
the administrator; the rows here are the national defaults with their basis."""

from django.db import migrations

GAS = ("GB/T 50493-2019《石油化工可燃气体和有毒气体检测报警设计标准》：可燃气体一级报警设定值小于或等于25%LEL，"
       "二级报警设定值小于或等于50%LEL")
TOXIC = ("GB/T 50493-2019：有毒气体一级报警设定值小于或等于100%OEL，二级报警设定值小于或等于200%OEL；"
         "本行以硫化氢为例（GBZ 2.1-2019 MAC 10 mg/m³，约7 ppm），其他毒物按其OEL另设单点规则")
RAIN = ("山洪灾害防御：省级山洪灾害临界雨量（默认值，须由县水利部门按各防治区核定的临界雨量以本县或单点规则覆盖；"
        "参照《山洪灾害监测预警系统设计导则》SL 675-2014 的分级预警）")
GEO = ("地质灾害专业监测：地表位移速率分级预警（默认值，须按监测点设计书核定后以单点规则覆盖；"
       "参照《崩塌、滑坡、泥石流监测规范》DZ/T 0221-2006）")
ELEC_CURRENT = "GB 14287.2-2014《电气火灾监控系统 第2部分：剩余电流式电气火灾监控探测器》：报警值在20 mA～1000 mA范围内设定，本行取300 mA"
ELEC_TEMP = "GB 14287.3-2014《电气火灾监控系统 第3部分：测温式电气火灾监控探测器》：报警值在55 ℃～140 ℃范围内设定"

# kind, metric, window, blue, yellow, orange, red, pending, keep, basis
ROWS = [
    ("combustible_gas", "value", 0, None, 25, None, 50, 0, 60, GAS),
    ("toxic_gas", "value", 0, None, 7, None, 14, 0, 60, TOXIC),
    ("rainfall", "sum", 60, 20, 30, 50, 70, 0, 600, RAIN),
    ("rainfall", "sum", 180, 40, 50, 80, 100, 0, 600, RAIN),
    ("rainfall", "sum", 360, 50, 70, 100, 130, 0, 600, RAIN),
    ("rainfall", "sum", 1440, 80, 100, 150, 200, 0, 600, RAIN),
    ("displacement", "rate", 1440, 2, 5, 10, 20, 600, 3600, GEO),
    ("residual_current", "value", 0, None, 300, None, 500, 30, 120, ELEC_CURRENT),
    ("cable_temperature", "value", 0, None, 60, 70, 80, 30, 120, ELEC_TEMP),
]


def seed(apps, schema_editor):
    AlarmRule = apps.get_model("monitoring", "AlarmRule")
    for kind, metric, window, blue, yellow, orange, red, pending, keep, basis in ROWS:
        AlarmRule.objects.get_or_create(
            sensor_kind=kind, sensor_code="", metric=metric, window_minutes=window, region=None, valid_from=None,
            defaults={"blue": blue, "yellow": yellow, "orange": orange, "red": red, "pending_seconds": pending,
                      "keep_firing_seconds": keep, "legal_basis": basis, "direction": "above"})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
