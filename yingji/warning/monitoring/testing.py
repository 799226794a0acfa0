"""Sample records for tests and the permission matrix."""

from django.utils import timezone

from yingji.platform.core.testing import sample_factory

from .choices import AlarmLevel, AlarmType, SensorKind, StationKind
from .models import Alarm, IngestHeartbeat, Sensor, Station

_n = [0]


def _next():
    _n[0] += 1
    return _n[0]


@sample_factory(Station)
def make_station(world, region, **kw):
    n = _next()
    kw.setdefault("code", f"ST-{n:04d}")
    kw.setdefault("name", f"测试站点{n}")
    kw.setdefault("kind", StationKind.HAZARD_SOURCE)
    return Station.objects.create(region=region, **kw)


@sample_factory(Sensor)
def make_sensor(world, region, **kw):
    station = kw.pop("station", None) or make_station(world, region)
    kw.setdefault("code", f"SN-{_next():04d}")
    kw.setdefault("kind", SensorKind.COMBUSTIBLE_GAS)
    kw.setdefault("unit", "%LEL")
    kw.setdefault("range_min", 0)
    kw.setdefault("range_max", 100)
    return Sensor.objects.create(station=station, **kw)


@sample_factory(Alarm)
def make_alarm(world, region, **kw):
    sensor = kw.pop("sensor", None) or make_sensor(world, region)
    kw.setdefault("alarm_type", AlarmType.VALUE)
    kw.setdefault("level", AlarmLevel.YELLOW)
    kw.setdefault("message", "可燃气体浓度 30%LEL，达到黄色阈值 25%LEL")
    kw.setdefault("triggered_at", timezone.now())
    return Alarm.objects.create(sensor=sensor, station=sensor.station, region=sensor.station.region, **kw)


@sample_factory(IngestHeartbeat)
def make_heartbeat(world, region=None, **kw):
    """An ingest process's heartbeat (not a regional record: the ingest-health page needs view_ingestheartbeat)."""
    kw.setdefault("consumer", f"ingest-{_next()}")
    return IngestHeartbeat.objects.create(**kw)
