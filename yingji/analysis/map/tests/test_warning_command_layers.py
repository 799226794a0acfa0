"""The layers of the 监测预警 and 指挥救援 apps: stations with their sensors' state, active alarms, warning areas
drawn from the region boundaries, active incidents; each in the user's region scope."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from yingji.analysis.map import demo
from yingji.command.incidents.models import Incident
from yingji.warning.alerts.choices import MsgType, WarningState
from yingji.warning.alerts.models import Warning
from yingji.warning.monitoring.choices import AlarmState, StationKind
from yingji.warning.monitoring.models import Alarm, Sensor, SensorStatus, Station

pytestmark = pytest.mark.django_db
LL = {"longitude": Decimal("121.1"), "latitude": Decimal("28.7")}


def _features(client, key, **params):
    r = client.get(f"/analysis/map/layers/{key}/", params)
    assert r.status_code == 200, r.content
    return r.json()["features"]


def test_stations_are_coloured_by_their_sensors_state(world, client_for):
    quiet = world.sample(Station, world.regions.township_a, name="正常站", **LL)
    silent = world.sample(Station, world.regions.township_a, name="离线站", kind=StationKind.GEOHAZARD, **LL)
    loud = world.sample(Station, world.regions.township_a, name="报警站", **LL)
    world.sample(Station, world.regions.township_b, name="白水站", **LL)
    s = world.sample(Sensor, world.regions.township_a, station=silent)
    SensorStatus.objects.create(sensor=s, offline_since=timezone.now())
    alarm = world.sample(Alarm, world.regions.township_a, sensor=world.sample(Sensor, world.regions.township_a,
                                                                               station=loud))
    c = client_for(world.users.township_a)
    colours = {f["properties"]["t"]: f["properties"]["c"] for f in _features(c, "monitoring_stations")}
    assert colours == {"正常站": "#1a9641", "离线站": "#888888", "报警站": "#d7191c"}
    assert [f["properties"]["id"] for f in _features(c, "geohazard_points")] == [silent.pk]
    assert [f["properties"]["id"] for f in _features(c, "alarms_active")] == [alarm.pk]
    popup = c.get("/analysis/map/layers/monitoring_stations/feature/", {"id": silent.pk}).json()
    assert ["状态", "有传感器离线"] in popup["fields"]
    assert quiet.pk  # drawn above
    Alarm.objects.filter(pk=alarm.pk).update(state=AlarmState.CLOSED)
    assert _features(c, "alarms_active") == []


def test_warning_areas_are_drawn_from_the_boundaries(world, client_for):
    r = world.regions
    demo.save_boundaries(demo.county_boundaries(r.county, [r.township_a, r.township_b]), source="test")
    now = timezone.now()
    live = world.sample(Warning, r.county, areas=[r.township_a], headline="暴雨黄色预警", state=WarningState.PUBLISHED,
                        msg_type=MsgType.ALERT, sent=now)
    world.sample(Warning, r.county, areas=[r.township_b], headline="草稿")
    c = client_for(world.users.admin)
    feats = _features(c, "warnings_in_force")
    assert [(f["properties"]["id"], f["geometry"]["type"]) for f in feats] == [(live.pk, "Polygon")]
    assert feats[0]["properties"]["t"] == "暴雨黄色预警（青石镇）"
    values = {row["name"]: row["value"] for row in c.get("/analysis/map/choropleth/warnings_in_force/").json()["rows"]}
    assert values == {"青石镇": 1, "白水镇": 0}
    Warning.objects.filter(pk=live.pk).update(expires=now - datetime.timedelta(minutes=1))
    assert _features(c, "warnings_in_force") == []


def test_active_incidents_in_scope(world, client_for):
    a = world.sample(Incident, world.regions.township_a, **LL)
    world.sample(Incident, world.regions.township_b, **LL)
    world.sample(Incident, world.regions.township_a)  # no place on the map
    ids = [f["properties"]["id"] for f in _features(client_for(world.users.township_a), "incidents_active")]
    assert ids == [a.pk]
    Incident.objects.filter(pk=a.pk).update(status="closed")
    assert _features(client_for(world.users.township_a), "incidents_active") == []


def test_resources_teams_and_shelters_with_free_capacity(world, client_for):
    from yingji.command.resources.models import RescueTeam, Shelter, Warehouse

    ll = {"lon": Decimal("121.1"), "lat": Decimal("28.7")}
    depot = world.sample(Warehouse, world.regions.township_a, **ll)
    team = world.sample(RescueTeam, world.regions.township_a, status="deployed", **ll)
    roomy = world.sample(Shelter, world.regions.township_a, name="有空位", capacity=100, status="open", **ll)
    full = world.sample(Shelter, world.regions.township_a, name="已满", capacity=50, status="open", **ll)
    Shelter.objects.filter(pk=full.pk).update(occupancy=50)
    world.sample(Shelter, world.regions.township_b, name="白水", capacity=10, **ll)
    c = client_for(world.users.township_a)
    assert [f["properties"]["id"] for f in _features(c, "warehouses")] == [depot.pk]
    assert [f["properties"]["c"] for f in _features(c, "rescue_teams")] == ["#d7191c"]
    assert team.pk
    colours = {f["properties"]["t"]: f["properties"]["c"] for f in _features(c, "shelters")}
    assert colours == {"有空位": "#1a9641", "已满": "#d7191c"}
    popup = c.get("/analysis/map/layers/shelters/feature/", {"id": roomy.pk}).json()
    assert ["空余位置", "100"] in popup["fields"] and ["状态", "开放，有空位"] in popup["fields"]
