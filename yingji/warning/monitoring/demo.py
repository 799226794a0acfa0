"""Demo data: the demo county's monitoring network (rain gauges, river and reservoir levels, geological hazard
points, gas and tank sensors at its major hazard sources, 智慧用电), three days of readings with a storm yesterday
(run through the real ingest pipeline, so its alarms are the engine's own), and alarms in every state.

Deterministic (ctx.random and simulate.py's seed). The major hazard sources are named here (this domain does not
import supervision); the names and codes are the demo's own.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.demodata import register

from . import simulate
from .choices import AlarmState, SensorKind, StationKind, WatchedKind

HISTORY_DAYS = 3
HISTORY_STEP = 300  # seconds between two stored history readings (the live simulator uses each sensor's interval)

RIVERS = [("永宁江安澜站", "HD-331099-01", 4.5, 5.4, 6.2), ("白溪青石站", "HD-331099-02", 3.8, 4.6, 5.3),
          ("临江口站", "HD-331099-03", 4.2, 5.0, 5.9)]
RESERVOIRS = [("白水水库", "SK-331099-001", 3.9, 4.6, 5.2), ("石门水库", "SK-331099-002", 4.1, 4.8, 5.5)]
GEOHAZARDS = ["后山滑坡", "岭头崩塌", "溪坑滑坡", "龙潭湾不稳定斜坡", "竹坑泥石流沟"]
HAZARD_SOURCES = [("安澜县恒达化工有限公司", "储罐区"), ("安澜县瑞丰新材料有限公司", "甲类仓库"),
                  ("安澜县东方燃气有限公司", "液化气储配站"), ("安澜县华兴涂装有限公司", "调漆间")]


def _lonlat(rnd):
    return (Decimal(f"{121.0 + rnd.uniform(0, 0.5):.6f}"), Decimal(f"{28.5 + rnd.uniform(0, 0.4):.6f}"))


@register(order=85)
def build_monitoring(ctx):
    from yingji.platform.core.sweeper import run_once

    from .models import AlarmRule, Sensor, Station

    if Station.objects.exists():  # built already (a second `yingji demo`, or --scale on top of the county)
        return
    rnd = ctx.random
    admin = ctx.users.get("admin") if getattr(ctx, "users", None) else None
    villages = list(ctx.villages) or list(ctx.townships)
    stations, sensors, rules = [], [], []

    def station(code, name, kind, region, watched_kind, watched_name="", watched_code="", operator=""):
        lon, lat = _lonlat(rnd)
        s = Station(code=code, name=name, kind=kind, region=region, longitude=lon, latitude=lat,
                    watched_kind=watched_kind, watched_name=watched_name, watched_code=watched_code,
                    operator=operator, created_by=admin)
        stations.append(s)
        return s

    def sensor(st, code, kind, unit, lo, hi, interval, offline_after=3):
        s = Sensor(code=code, station=st, kind=kind, unit=unit, range_min=lo, range_max=hi, interval_seconds=interval,
                   offline_after=offline_after, created_by=admin)
        sensors.append(s)
        return s

    def level_rule(code, kind, blue, yellow, orange, red, basis, pending=120, keep=600):
        rules.append(AlarmRule(sensor_kind=kind, sensor_code=code, metric="value", window_minutes=0, blue=blue,
                               yellow=yellow, orange=orange, red=red, pending_seconds=pending,
                               keep_firing_seconds=keep, legal_basis=basis, created_by=admin))

    for i, t in enumerate(ctx.townships[:8]):
        st = station(f"YL-331099-{i + 1:03d}", f"{t.name}雨量站", StationKind.RAIN_GAUGE, t, WatchedKind.AREA,
                     f"{t.name}山洪灾害防治区", operator="县水利局")
        sensor(st, f"RG-{i + 1:03d}", SensorKind.RAINFALL, "mm", 0, 200, 300)
    for i, (name, code, blue, warn, guarantee) in enumerate(RIVERS):
        st = station(f"SW-331099-{i + 1:03d}", name, StationKind.RIVER_LEVEL, ctx.townships[i % len(ctx.townships)],
                     WatchedKind.RIVER_SECTION, name.replace("站", "河段"), code, "县水利局")
        s = sensor(st, f"WL-{i + 1:03d}", SensorKind.WATER_LEVEL, "m", 0, 20, 300)
        level_rule(s.code, SensorKind.WATER_LEVEL, blue, warn, guarantee, guarantee + 0.5,
                   f"《安澜县防汛防台应急预案》：{name}警戒水位 {warn} m、保证水位 {guarantee} m")
    for i, (name, code, limit, design, check) in enumerate(RESERVOIRS):
        st = station(f"SK-331099-{i + 1:03d}", f"{name}坝前水位站", StationKind.RESERVOIR,
                     ctx.townships[(i + 4) % len(ctx.townships)], WatchedKind.RESERVOIR, name, code, "水库管理站")
        s = sensor(st, f"RL-{i + 1:03d}", SensorKind.WATER_LEVEL, "m", 0, 20, 300)
        level_rule(s.code, SensorKind.WATER_LEVEL, limit - 0.3, limit, design, check,
                   f"《{name}控制运用计划》：汛限水位 {limit} m、设计洪水位 {design} m、校核洪水位 {check} m")
    for i, name in enumerate(GEOHAZARDS):
        village = villages[(i * 7) % len(villages)]
        st = station(f"DZ-331099-{i + 1:03d}", f"{village.name}{name}监测点", StationKind.GEOHAZARD, village,
                     WatchedKind.HAZARD_POINT, f"{village.name}{name}", f"331099-DZ-{i + 11:04d}", "县自然资源和规划局")
        sensor(st, f"DP-{i + 1:03d}", SensorKind.DISPLACEMENT, "mm", -2000, 2000, 600)
        s = sensor(st, f"CK-{i + 1:03d}", SensorKind.CRACK, "mm", 0, 500, 600)
        level_rule(s.code, SensorKind.CRACK, 20, 30, 50, 80,
                   f"《{village.name}{name}专业监测设计书》：裂缝宽度预警值", pending=600, keep=3600)
    for i, (company, area) in enumerate(HAZARD_SOURCES):
        village = villages[(i * 11 + 3) % len(villages)]
        st = station(f"WX-331099-{i + 1:03d}", f"{company}{area}", StationKind.HAZARD_SOURCE, village,
                     WatchedKind.ENTERPRISE, f"{company}（{area}）", f"MHS-331099-{i + 1:03d}", company)
        for j in range(3):
            sensor(st, f"GS-{i + 1:02d}{j + 1}", SensorKind.COMBUSTIBLE_GAS, "%LEL", 0, 100, 30)
        sensor(st, f"HS-{i + 1:02d}", SensorKind.TOXIC_GAS, "ppm", 0, 100, 30)
        s = sensor(st, f"TL-{i + 1:02d}", SensorKind.TANK_LEVEL, "m", 0, 15, 60)
        level_rule(s.code, SensorKind.TANK_LEVEL, None, 10.5, None, 11.5,
                   "储罐设计文件：高液位报警、高高液位联锁（GB 50160-2008《石油化工企业设计防火标准》储罐液位报警要求）",
                   pending=30, keep=120)
        sensor(st, f"TT-{i + 1:02d}", SensorKind.TEMPERATURE, "℃", -40, 150, 60)
        sensor(st, f"TP-{i + 1:02d}", SensorKind.PRESSURE, "MPa", 0, 4, 60)
    for i in range(2):
        village = villages[(i * 13 + 5) % len(villages)]
        st = station(f"ZD-331099-{i + 1:03d}", f"{village.name}{'农贸市场' if i == 0 else '养老院'}智慧用电",
                     StationKind.ELECTRICAL, village, WatchedKind.OTHER, f"{village.name}{'农贸市场' if i == 0 else '养老院'}")
        sensor(st, f"EC-{i + 1:02d}", SensorKind.RESIDUAL_CURRENT, "mA", 0, 1000, 60)
        sensor(st, f"ET-{i + 1:02d}", SensorKind.CABLE_TEMPERATURE, "℃", -20, 150, 60)

    Station.objects.bulk_create(stations)
    for s in sensors:
        s.station_id = s.station.pk
    Sensor.objects.bulk_create(sensors)
    AlarmRule.objects.bulk_create(rules)

    # three days of history through the real pipeline, with yesterday's storm and a leak during it
    now = timezone.now().replace(microsecond=0)
    end = now.timestamp()
    start = end - HISTORY_DAYS * 86400
    storm = simulate.Storm(centre=end - 30 * 3600, width=2.5 * 3600, peak=55.0)
    profiles = [simulate.profile_for(s.code, s.kind, max(s.interval_seconds, HISTORY_STEP), rnd,
                                     trouble={"GS-012": "flicker", "EC-02": "flicker", "TT-04": "silent"}.get(s.code, ""),
                                     range_max=s.range_max) for s in sensors]
    for p in profiles:
        if p.kind == SensorKind.WATER_LEVEL:
            p.base = 2.2 + rnd.uniform(0, 0.6)
    leak = {"GS-021": (storm.centre + 3600, storm.centre + 3600 + 1800)}
    rows = simulate.series(profiles, start, end - 900, storm, seed=7, leak=leak)
    for p in profiles:  # the last quarter of an hour at each sensor's own interval: nobody looks offline
        p.interval = next(s.interval_seconds for s in sensors if s.code == p.code)
    rows += simulate.series(profiles, end - 900, end, storm, seed=8, leak=leak)
    feed(rows, now)
    _alarm_states(ctx, now)
    run_once(now, only=["monitoring.aggregate", "monitoring.offline"])


def feed(rows, now, batch=2000):
    """Run (ts, code, value, truth) rows through the ingest pipeline in batches."""
    import json

    from .ingest import Pipeline

    pipeline = Pipeline("demo")
    for i in range(0, len(rows), batch):
        chunk = rows[i:i + batch]
        payload = json.dumps({"readings": [{"sensor": c, "ts": ts, "value": v} for ts, c, v, _t in chunk]})
        pipeline.process([("yingji/readings/demo", payload.encode())], now=now)
    return pipeline


def _alarm_states(ctx, now):
    """Older alarms closed, some confirmed or being handled, the newest left for the duty officer."""
    from . import services
    from .models import Alarm

    users = getattr(ctx, "users", {}) or {}
    duty = users.get("duty") or users.get("admin")
    if duty is None:
        return
    alarms = list(Alarm.objects.filter(state=AlarmState.FIRING).order_by("triggered_at", "pk"))
    for n, alarm in enumerate(alarms):
        age = now - alarm.triggered_at
        if age < datetime.timedelta(hours=6) or n % 5 == 4:
            continue  # still 已触发
        services.acknowledge_alarm(alarm, actor=duty, note="已电话核实，通知责任单位")
        if n % 3 == 0:
            continue  # 已确认
        services.handle_alarm(alarm, actor=duty, note="责任单位现场处置，巡查人员到位")
        if n % 3 == 1 and alarm.recovered_at is not None:
            services.close_alarm(alarm, actor=duty, note="监测值恢复正常，现场核查无异常")
