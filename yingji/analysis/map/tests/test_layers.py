"""The layer endpoints: region scope through restrict(), the ledger's filters, clustering, constant queries."""

import datetime
from decimal import Decimal

import pytest

from yingji.platform.core import maplayers
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db

BBOX = "120,28,122,30"


def _ent(world, region, lon, lat, **kw):
    return world.sample(Enterprise, region, longitude=Decimal(str(lon)), latitude=Decimal(str(lat)), **kw)


def _ids(response):
    assert response.status_code == 200, response.content
    return {f["properties"]["id"] for f in response.json()["features"]}


def test_a_township_user_sees_only_his_townships_features(world, client_for):
    a = _ent(world, world.regions.township_a, 121.1, 28.7)
    va = _ent(world, world.regions.village_a, 121.12, 28.71)
    b = _ent(world, world.regions.township_b, 121.3, 28.8)
    other = _ent(world, world.regions.other_township, 121.2, 28.75)
    url = "/analysis/map/layers/enterprises/"
    assert _ids(client_for(world.users.township_a).get(url, {"bbox": BBOX})) == {a.pk, va.pk}
    assert _ids(client_for(world.users.township_b).get(url, {"bbox": BBOX})) == {b.pk}
    assert _ids(client_for(world.users.admin).get(url, {"bbox": BBOX})) == {a.pk, va.pk, b.pk}
    assert other.pk not in _ids(client_for(world.users.admin).get(url))
    # a feature outside the scope has no popup either
    r = client_for(world.users.township_a).get("/analysis/map/layers/enterprises/feature/", {"id": b.pk})
    assert r.status_code == 404 and "不在您的管辖范围内" in r.json()["message"]


def test_the_layer_takes_the_ledgers_filters_and_the_viewport(world, client_for):
    red = _ent(world, world.regions.township_a, 121.1, 28.7, risk_grade="A")
    blue = _ent(world, world.regions.township_a, 121.2, 28.7, risk_grade="D")
    far = _ent(world, world.regions.township_a, 125.0, 30.5, risk_grade="A")
    c = client_for(world.users.admin)
    url = "/analysis/map/layers/enterprises/"
    assert _ids(c.get(url, {"bbox": BBOX, "risk_grade": "A"})) == {red.pk}
    assert _ids(c.get(url, {"bbox": BBOX})) == {red.pk, blue.pk}
    assert far.pk in _ids(c.get(url))
    assert _ids(c.get(url, {"township": world.regions.township_b.pk})) == set()
    data = c.get(url, {"bbox": BBOX, "risk_grade": "A"}).json()
    props = data["features"][0]["properties"]
    assert props["c"] == maplayers.RED and props["u"] == f"/enterprises/{red.pk}/"


def test_enterprises_without_coordinates_are_left_out(world, client_for):
    world.sample(Enterprise, world.regions.township_a)
    assert _ids(client_for(world.users.admin).get("/analysis/map/layers/enterprises/")) == set()


def test_hazard_layers_show_open_and_overdue_hazards_at_their_enterprise(world, client_for):
    e = _ent(world, world.regions.township_a, 121.1, 28.7)
    today = datetime.date.today()
    fresh = world.sample(Hazard, world.regions.township_a, enterprise=e, deadline=today + datetime.timedelta(days=5))
    late = world.sample(Hazard, world.regions.township_a, enterprise=e, deadline=today - datetime.timedelta(days=5),
                        found_on=today - datetime.timedelta(days=20))
    c = client_for(world.users.township_a)
    assert _ids(c.get("/analysis/map/layers/hazards_open/")) == {fresh.pk, late.pk}
    assert _ids(c.get("/analysis/map/layers/hazards_overdue/")) == {late.pk}
    assert _ids(client_for(world.users.township_b).get("/analysis/map/layers/hazards_open/")) == set()


def test_popup_fields_and_the_record_url(world, client_for):
    e = _ent(world, world.regions.township_a, 121.1, 28.7, risk_grade="B")
    r = client_for(world.users.township_a).get("/analysis/map/layers/enterprises/feature/", {"id": e.pk})
    data = r.json()
    assert data["title"] == e.name and data["url"] == e.get_absolute_url()
    assert ["风险等级", "B（橙）"] in data["fields"]
    # the record page it links to opens for the same user
    assert client_for(world.users.township_a).get(data["url"]).status_code == 200


def test_many_points_are_clustered_in_sql(world, client_for, settings, monkeypatch):
    from yingji.analysis.map import services

    monkeypatch.setattr(services, "MAX_POINTS", 5)
    for i in range(12):
        _ent(world, world.regions.township_a, 121.0 + i * 0.01, 28.7)
    c = client_for(world.users.admin)
    data = c.get("/analysis/map/layers/enterprises/", {"bbox": BBOX, "zoom": 8}).json()
    assert data["clustered"] and data["total"] == 12
    assert sum(f["properties"]["n"] for f in data["features"]) == 12
    assert len(data["features"]) < 12
    near = c.get("/analysis/map/layers/enterprises/", {"bbox": BBOX, "zoom": 18}).json()
    assert not near["clustered"] and near["truncated"] and len(near["features"]) == 5


def test_query_count_does_not_grow_with_the_features(world, client_for, django_assert_max_num_queries):
    c = client_for(world.users.township_a)
    for i in range(3):
        _ent(world, world.regions.township_a, 121.0 + i * 0.01, 28.7)
    c.get("/analysis/map/layers/enterprises/")  # warm the session and permission caches
    with django_assert_max_num_queries(12) as few:
        c.get("/analysis/map/layers/enterprises/", {"bbox": BBOX})
    for i in range(30):
        _ent(world, world.regions.township_a, 121.0 + i * 0.01, 28.8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get("/analysis/map/layers/enterprises/", {"bbox": BBOX})
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get("/analysis/map/layers/hazards_open/", {"bbox": BBOX})


@pytest.mark.parametrize("params, message", [
    ({"bbox": "abc"}, "bbox 参数应为"),
    ({"bbox": "1,2,3"}, "bbox 参数应为"),
    ({"bbox": "122,28,120,30"}, "不能大于"),
    ({"zoom": "x"}, "zoom 参数应为"),
    ({"risk_grade": "Z"}, "筛选条件有误"),
    ({"township": "999999999999"}, "筛选条件有误"),
])
def test_bad_parameters_answer_400_in_chinese(world, client_for, params, message):
    r = client_for(world.users.admin).get("/analysis/map/layers/enterprises/", params)
    assert r.status_code == 400 and message in r.json()["message"]


def test_layers_and_the_page_follow_permissions(world, client_for):
    assert client_for(world.users.nobody).get("/analysis/map/layers/enterprises/").status_code == 403
    _ent(world, world.regions.township_a, 121.1, 28.7)
    assert _ids(client_for(world.users.outsider).get("/analysis/map/layers/enterprises/")) == set()
    assert client_for(world.users.admin).get("/analysis/map/layers/nothing/").status_code == 404
    r = client_for(world.users.township_a).get("/analysis/map/")
    assert r.status_code == 200
    keys = [la["key"] for la in r.context["map_config"]["layers"]]
    assert "enterprises" in keys and "hazards_overdue" in keys
    assert client_for(world.users.nobody).get("/analysis/map/").status_code == 403


def test_every_layer_reads_through_restrict(world):
    """Each registered layer answers nothing to an account without the permission (restrict gives none)."""
    for layer in maplayers.layers():
        assert layer.queryset(world.users.nobody).count() == 0, layer.key
        assert layer.url and layer.permission
