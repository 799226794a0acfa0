"""Point layers per tile and the tile cache: the tiles hold what the viewport answer holds, a second request is
served from the cache, a change of the data (a save, an update(), a void, a move of the enterprise a hazard sits
at) makes the cached tiles unreachable, and two townships' officers never see each other's cached tiles."""

import math
from decimal import Decimal

import pytest
from django.core.cache import caches

from yingji.analysis.map import tiles
from yingji.analysis.map.models import DataVersion
from yingji.platform.core.services import void_record
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db

URL = "/analysis/map/layers/enterprises/"
ZOOM = 10


def _ent(world, region, lon, lat, **kw):
    return world.sample(Enterprise, region, longitude=Decimal(str(lon)), latitude=Decimal(str(lat)), **kw)


def _tiles_around(zoom=ZOOM, west=120.9, south=28.6, east=121.4, north=28.9):
    span = tiles.tile_degrees(zoom)
    return [f"{x}:{y}" for x in range(math.floor(west / span), math.floor(east / span) + 1)
            for y in range(math.floor(south / span), math.floor(north / span) + 1)]


def _get(client, keys, zoom=ZOOM, **extra):
    r = client.get(URL, {"tiles": ",".join(keys), "zoom": zoom, **extra})
    assert r.status_code == 200, r.content
    return r.json()


def _ids(data):
    return {f["properties"]["id"] for t in data["tiles"].values() for f in t["features"]}


def test_the_tiles_hold_the_records_of_the_viewport_each_once(world, client_for):
    mine = [_ent(world, world.regions.township_a, 121.0 + i * 0.03, 28.7 + i * 0.01) for i in range(8)]
    c = client_for(world.users.admin)
    keys = _tiles_around()
    data = _get(c, keys)
    assert data["type"] == "tiles" and set(data["tiles"]) == set(keys) and data["version"]
    assert _ids(data) == {e.pk for e in mine}
    assert sum(len(t["features"]) for t in data["tiles"].values()) == len(mine)  # no record in two tiles
    assert sum(t["total"] for t in data["tiles"].values()) == len(mine)
    viewport = c.get(URL, {"bbox": "120.9,28.6,121.4,28.9", "zoom": ZOOM}).json()
    assert {f["properties"]["id"] for f in viewport["features"]} == _ids(data)
    # each feature lies in the tile it is listed under
    span = tiles.tile_degrees(ZOOM)
    for key, tile in data["tiles"].items():
        x, y = (int(v) for v in key.split(":"))
        for f in tile["features"]:
            lon, lat = f["geometry"]["coordinates"]
            assert x * span <= lon < (x + 1) * span and y * span <= lat < (y + 1) * span


def test_a_crowded_tile_is_drawn_as_its_cells_clusters(world, client_for, monkeypatch):
    monkeypatch.setattr(tiles, "TILE_MAX_POINTS", 5)
    for i in range(12):
        _ent(world, world.regions.township_a, 121.0 + i * 0.001, 28.7)
    data = _get(client_for(world.users.admin), _tiles_around())
    crowded = [t for t in data["tiles"].values() if t["total"]]
    assert len(crowded) == 1 and crowded[0]["clustered"] and crowded[0]["total"] == 12
    assert sum(f["properties"]["n"] for f in crowded[0]["features"]) == 12
    near = _get(client_for(world.users.admin), _tiles_around(zoom=18, west=120.999, east=121.012, south=28.699,
                                                             north=28.701), zoom=18)
    assert not any(t["clustered"] for t in near["tiles"].values()) and len(_ids(near)) == 12


def test_a_second_request_is_served_from_the_cache_and_have_tiles_are_not_sent_again(
        world, client_for, django_assert_max_num_queries):
    for i in range(5):
        _ent(world, world.regions.township_a, 121.0 + i * 0.05, 28.7)
    c = client_for(world.users.township_a)
    keys = _tiles_around()
    first = _get(c, keys)
    assert first["cached"] == 0
    second = _get(c, keys)
    assert second["cached"] == len(keys) and second["version"] == first["version"]
    assert second["tiles"] == first["tiles"]
    # the browser holds some tiles at the current version: only the others come back
    held = keys[: len(keys) // 2]
    third = _get(c, keys, have=",".join(held), v=first["version"])
    assert set(third["tiles"]) == set(keys) - set(held)
    # served from the cache: no grouped or values query on the enterprises
    with django_assert_max_num_queries(20) as q:
        _get(c, keys)
    assert not any("enterprises_enterprise" in x["sql"] and "GROUP BY" in x["sql"] for x in q.captured_queries)


def test_a_change_of_the_data_invalidates_the_cached_tiles(world, client_for,
                                                           django_capture_on_commit_callbacks):
    e = _ent(world, world.regions.township_a, 121.0, 28.7, risk_grade="D")
    c = client_for(world.users.admin)
    keys = _tiles_around()
    before = _get(c, keys)
    with django_capture_on_commit_callbacks(execute=True):
        new = _ent(world, world.regions.township_a, 121.2, 28.75)  # a save
    after = _get(c, keys, have=",".join(keys), v=before["version"])
    assert after["version"] != before["version"] and after["cached"] == 0
    assert set(after["tiles"]) == set(keys)  # a stale browser gets every tile again
    assert _ids(after) == {e.pk, new.pk}
    # QuerySet.update() (audited, no post_save): the colour changes in the tiles
    with django_capture_on_commit_callbacks(execute=True):
        Enterprise.objects.filter(pk=e.pk).update(risk_grade="A")
    third = _get(c, keys)
    assert third["version"] != after["version"]
    colours = {f["properties"]["id"]: f["properties"]["c"] for t in third["tiles"].values() for f in t["features"]}
    assert colours[e.pk] == "#d7191c"
    # a voided record leaves the map
    with django_capture_on_commit_callbacks(execute=True):
        void_record(new, actor=world.users.admin, reason="重复登记")
    assert _ids(_get(c, keys)) == {e.pk}
    # a rolled-back change bumps nothing
    version = DataVersion.objects.get(model="enterprises.Enterprise").version
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        from django.db import transaction

        with transaction.atomic():
            _ent(world, world.regions.township_a, 121.3, 28.8)
            raise RuntimeError("rolled back")
    assert DataVersion.objects.get(model="enterprises.Enterprise").version == version


def test_an_import_invalidates_the_cached_tiles(world, client_for, django_capture_on_commit_callbacks):
    """The ledger import inserts in bulk (no post_save) and logs through record_bulk_create, which signals it."""
    from yingji.platform.audit.recorder import record_bulk_create

    c = client_for(world.users.admin)
    keys = _tiles_around()
    template = _ent(world, world.regions.township_a, 121.0, 28.7)
    before = _get(c, keys)
    assert _ids(before) == {template.pk}
    copy = Enterprise.objects.get(pk=template.pk)
    copy.pk = None
    copy.credit_code = template.credit_code[:-2] + ("AB" if template.credit_code[-2:] != "AB" else "CD")
    with django_capture_on_commit_callbacks(execute=True):
        [made] = Enterprise.objects.bulk_create([copy])
        record_bulk_create([made])
    after = _get(c, keys)
    assert after["version"] != before["version"] and made.pk in _ids(after)


def test_moving_the_enterprise_invalidates_the_hazards_at_it(world, client_for, django_capture_on_commit_callbacks):
    e = _ent(world, world.regions.township_a, 121.0, 28.7)
    h = world.sample(Hazard, world.regions.township_a, enterprise=e)
    c = client_for(world.users.admin)
    keys = _tiles_around()
    url = "/analysis/map/layers/hazards_open/"
    before = c.get(url, {"tiles": ",".join(keys), "zoom": ZOOM}).json()
    assert _ids(before) == {h.pk}
    with django_capture_on_commit_callbacks(execute=True):
        e.longitude = Decimal("121.300000")
        e.save()
    after = c.get(url, {"tiles": ",".join(keys), "zoom": ZOOM}).json()
    assert after["version"] != before["version"]
    [coords] = [f["geometry"]["coordinates"] for t in after["tiles"].values() for f in t["features"]]
    assert coords[0] == pytest.approx(121.3)


def test_two_townships_officers_never_see_each_others_cached_tiles(world, client_for):
    a = _ent(world, world.regions.township_a, 121.1, 28.7)
    b = _ent(world, world.regions.township_b, 121.12, 28.71)  # the same tile as a
    keys = _tiles_around()
    ca, cb = client_for(world.users.township_a), client_for(world.users.township_b)
    got_a = _get(ca, keys)
    got_b = _get(cb, keys)  # right after a's tiles were cached
    assert _ids(got_a) == {a.pk} and _ids(got_b) == {b.pk}
    assert got_a["version"] != got_b["version"] and got_b["cached"] == 0
    # b presenting a's version and tiles as held still gets his own
    again_b = _get(cb, keys, have=",".join(keys), v=got_a["version"])
    assert _ids(again_b) == {b.pk}
    # the county sees both, and a's cached tiles still hold only a's record
    assert _ids(_get(client_for(world.users.admin), keys)) == {a.pk, b.pk}
    assert _ids(_get(ca, keys)) == {a.pk}
    # what is in the cache: one entry per tile and per scope
    assert len(caches["map"]._cache) == 3 * len(keys)


def test_a_layer_not_cached_answers_tiles_without_a_version(world, client_for, monkeypatch):
    from yingji.platform.core import maplayers

    monkeypatch.setattr(maplayers.get("monitoring_stations"), "cache", False)
    data = client_for(world.users.admin).get("/analysis/map/layers/monitoring_stations/",
                                             {"tiles": ",".join(_tiles_around()), "zoom": ZOOM}).json()
    assert data["version"] is None and len(caches["map"]._cache) == 0


def test_the_station_layer_is_cached_and_the_ingest_and_the_offline_sweep_invalidate_it(
        world, client_for, django_capture_on_commit_callbacks):
    """A station's colour comes from its alarms and its sensors' status rows, which the ingest writes with raw SQL:
    a reading that brings an offline sensor back and the sweep that marks it offline change the cached tiles; an
    ordinary reading, which changes nothing shown, keeps them."""
    import datetime
    import time

    from django.db import transaction
    from django.utils import timezone

    from yingji.warning.monitoring import ingest, sweeps
    from yingji.warning.monitoring.models import Sensor, SensorStatus, Station

    station = world.sample(Station, world.regions.township_a, name="站", longitude=Decimal("121.1"),
                           latitude=Decimal("28.7"))
    sensor = world.sample(Sensor, world.regions.township_a, station=station)
    SensorStatus.objects.create(sensor=sensor, offline_since=timezone.now())
    c = client_for(world.users.admin)
    keys = _tiles_around()

    def colours():
        data = c.get("/analysis/map/layers/monitoring_stations/", {"tiles": ",".join(keys), "zoom": ZOOM}).json()
        return data, [f["properties"]["c"] for t in data["tiles"].values() for f in t["features"]]

    first, grey = colours()
    assert grey == ["#888888"] and first["version"] is not None
    assert colours()[0]["cached"] == len(keys)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ingest.upsert_status([(sensor.pk, time.time(), 1.0)])  # back online
    back, green = colours()
    assert back["version"] != first["version"] and back["cached"] == 0 and green == ["#1a9641"]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ingest.upsert_status([(sensor.pk, time.time() + 1, 2.0)])  # an ordinary reading
    assert colours()[0]["version"] == back["version"]
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeps.offline(timezone.now() + datetime.timedelta(days=1)) >= 1  # silent for a day: offline
    gone, red = colours()
    assert gone["version"] != back["version"] and red == ["#d7191c"]  # offline, with its offline alarm open


@pytest.mark.parametrize("params, message", [
    ({"tiles": "1;2"}, "tiles 参数应为"),
    ({"tiles": "a:b"}, "tiles 参数应为"),
    ({"tiles": "99999999:1"}, "超出范围"),
    ({"tiles": ",".join(f"{i}:0" for i in range(70))}, "一次最多请求"),
    ({"tiles": "1:1", "have": "x"}, "tiles 参数应为"),
])
def test_bad_tile_parameters_answer_400_in_chinese(world, client_for, params, message):
    r = client_for(world.users.admin).get(URL, {"zoom": ZOOM, **params})
    assert r.status_code == 400 and message in r.json()["message"]
