"""Region boundaries: a GeoJSON import writes all or nothing with Chinese errors; the demo county's generated
township boundaries tile the county; the boundaries endpoint follows the region scope."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yingji.analysis.map import demo
from yingji.platform.audit.models import AuditEvent
from yingji.platform.regions import boundaries as B
from yingji.platform.regions.models import RegionBoundary

pytestmark = pytest.mark.django_db


def square(x, y, d=0.1):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


def fc(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def feature(code, geometry, key="code"):
    return {"type": "Feature", "properties": {key: code}, "geometry": geometry}


def upload(client, data, name="towns.geojson"):
    return client.post("/analysis/map/boundaries/import/", {"file": SimpleUploadedFile(name, data)})


def test_a_valid_file_is_imported_and_replaces_on_reimport(world, client_for):
    c = client_for(world.users.admin)
    r = upload(c, fc(feature("331099101000", square(121.0, 28.7)), feature("331099102", square(121.1, 28.7),
                                                                            key="区划代码")))
    assert r.status_code == 302
    b = RegionBoundary.objects.get(region=world.regions.township_a)
    assert (b.min_lon, b.max_lat) == (121.0, 28.8) and b.vertices == 5
    assert abs(b.label_lon - 121.05) < 1e-9 and abs(b.label_lat - 28.75) < 1e-9
    assert RegionBoundary.objects.count() == 2
    assert AuditEvent.objects.filter(kind="import", success=True, detail__kind="region_boundaries").exists()
    upload(c, fc(feature("331099101000", square(121.2, 28.7))))
    b.refresh_from_db()
    assert b.min_lon == 121.2 and RegionBoundary.objects.count() == 2


@pytest.mark.parametrize("data, message", [
    (b"{not json", "不是有效的 GeoJSON"),
    (json.dumps({"type": "Point", "coordinates": [1, 2]}).encode(), "须为 FeatureCollection"),
    (fc(), "没有任何要素"),
    (fc(feature("331099101000", {"type": "LineString", "coordinates": [[121, 28], [121.1, 28.1]]})),
     "Polygon 或 MultiPolygon"),
    (fc(feature("331099101000", {"type": "Polygon", "coordinates": [[[121, 28], [121.1, 28], [121, 28]]]})),
     "至少需要 4 个坐标点"),
    (fc(feature("331099101000", {"type": "Polygon", "coordinates": [[[121, 28], [121.1, 28], [121.1, 28.1],
                                                                     [121, 28.2]]]})), "首尾闭合"),
    (fc(feature("331099101000", square(500000, 3200000, 1000))), "不在我国经纬度范围内"),
    (fc({"type": "Feature", "properties": {"name": "青石镇"}, "geometry": square(121, 28.7)}), "缺少区划代码"),
    (fc(feature("33109910100", square(121, 28.7))), "区划代码“33109910100”无效"),
    (fc(feature("331099101000", square(121, 28.7)), feature("331099101000", square(121, 28.7))), "重复"),
    (fc(feature("331099101000", square(121, 28.7)), feature("331099109000", square(121.1, 28.7))),
     "331099109000 在系统中不存在"),
    (fc(feature("331098101000", square(121, 28.7))), "不在您的管辖范围内"),
    ("青石镇".encode("gbk"), "不是 UTF-8"),
])
def test_a_bad_file_writes_nothing_and_says_why_in_chinese(world, client_for, data, message):
    r = upload(client_for(world.users.admin), data)
    assert r.status_code == 400
    text = r.content.decode()
    assert message in text, text[text.find("boundary-errors"):][:600]
    assert "未导入任何边界" in text
    assert not RegionBoundary.objects.exists()


def test_a_township_officer_may_not_import(world, client_for):
    # township officers view regions but do not change them
    r = upload(client_for(world.users.township_a), fc(feature("331099101000", square(121.0, 28.7))))
    assert r.status_code == 403 and not RegionBoundary.objects.exists()


def test_the_boundaries_endpoint_shows_the_users_region_and_the_level_below(world, client_for):
    B.import_geojson(fc(feature("331099000000", square(121.0, 28.6, 0.4)), feature("331099101000",
                     square(121.0, 28.7)), feature("331099102000", square(121.1, 28.7)),
                     feature("331099101201", square(121.0, 28.7, 0.05)),
                     feature("331098101000", square(122, 29))), user=None)
    county = client_for(world.users.admin).get("/analysis/map/boundaries/").json()
    assert {f["properties"]["code"] for f in county["features"]} == {"331099000000", "331099101000", "331099102000"}
    assert [f["properties"]["own"] for f in county["features"] if f["properties"]["code"] == "331099000000"] == [True]
    town = client_for(world.users.township_a).get("/analysis/map/boundaries/").json()
    assert {f["properties"]["name"] for f in town["features"]} == {"青石镇", "东岙村"}
    r = client_for(world.users.township_a).get("/analysis/map/boundaries/", {"region": "331099102000"})
    assert r.status_code == 400 and "不在您的管辖范围内" in r.json()["message"]


def _area(points):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def test_the_generated_township_boundaries_tile_the_county():
    outline = demo.hexagon()
    centres = demo.sunflower(15)
    cells = demo.voronoi_tiling(outline, centres)
    assert len(cells) == 15 and all(len(c) >= 3 for c in cells)
    # together they cover the county exactly, so (convex cells) they do not overlap
    assert abs(sum(_area(c) for c in cells) - _area(outline)) < 1e-9
    for (x, y), cell in zip(centres, cells, strict=True):
        assert demo.contains(cell, x, y)
        for other in cells:
            if other is not cell:
                assert not demo.contains(other, x, y)
    assert demo.voronoi_tiling(outline, centres) == cells  # deterministic


def test_the_demo_boundaries_pass_the_importers_checks(world):
    towns = [world.regions.township_a, world.regions.township_b]
    pairs = demo.county_boundaries(world.regions.county, towns)
    doc = {"type": "FeatureCollection",
           "features": [{"type": "Feature", "properties": {"code": r.code}, "geometry": g} for r, g in pairs]}
    n, errors = B.import_geojson(json.dumps(doc).encode(), user=world.users.admin, source="demo")
    assert errors == [] and n == 3
