"""网格 (grids) as the region level below the village: a 网格员 sees his grid only, registers the hazards of his
patrols (来源 网格巡查), and "N个网格, M个场所" is counted from the records."""

import datetime

import pytest

from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region
from yingji.platform.regions.testing import make_grid, make_grid_user
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.hazards.choices import HazardSource
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.hazards.testing import make_hazard

pytestmark = pytest.mark.django_db


def grids(world):
    return make_grid(world, number=1), make_grid(world, number=2)


def grid_user(world, grid):
    return make_grid_user(world, grid)


def test_a_grid_is_a_region_under_its_village_and_in_every_ancestors_scope(world):
    g1, g2 = grids(world)
    assert g1.is_within(world.regions.village_a) and g1.is_within(world.regions.county)
    assert set(Region.objects.subtree(world.regions.township_a).filter(level=Level.GRID)) == {g1, g2}
    assert list(Region.objects.subtree(g1)) == [g1]
    assert [r.code for r in g1.ancestors()] == ["330000000000", "331000000000", "331099000000", "331099101000",
                                                "331099101201"]
    bad = Region(code="331099101202001", name="错挂网格", level=Level.GRID, parent=world.regions.village_a)
    with pytest.raises(Exception, match="不以上级代码前缀"):
        bad.full_clean()


def test_a_grid_user_sees_his_grid_only(world, api_for, client_for):
    g1, g2 = grids(world)
    mine = make_hazard(world, g1, enterprise=make_enterprise(world, g1))
    neighbours = make_hazard(world, g2, enterprise=make_enterprise(world, g2))
    village = make_hazard(world, world.regions.village_a, enterprise=make_enterprise(world, world.regions.village_a))
    user = grid_user(world, g1)
    api = api_for(user)
    listed = api.get("/api/v1/hazards/").json()
    assert [h["id"] for h in listed["results"]] == [mine.pk]
    assert api.get(f"/api/v1/hazards/{neighbours.pk}/").status_code == 404
    assert client_for(user).get(neighbours.get_absolute_url()).status_code == 404
    assert client_for(user).get(village.get_absolute_url()).status_code == 404
    # the township officer above both grids sees all three
    township = api_for(world.users.township_a).get("/api/v1/hazards/").json()
    assert {h["id"] for h in township["results"]} == {mine.pk, neighbours.pk, village.pk}
    # a statistic for the neighbouring grid is outside his scope
    assert api.get("/api/v1/supervision-stats/", {"region": g2.code}).status_code == 404


def test_a_grid_patrol_registers_a_hazard_counted_by_its_source(world, api_for, client_for):
    g1, g2 = grids(world)
    place = make_enterprise(world, g1, name="东岙村小吃店")
    make_enterprise(world, g2, name="东岙村五金店")
    user = grid_user(world, g1)
    client = client_for(user)
    form = client.get("/hazards/add/").context["form"]
    assert form.initial["source"] == HazardSource.GRID  # a 网格员's hazard is a patrol's by default
    today = datetime.date.today()
    response = client.post("/hazards/add/", {
        "enterprise": place.pk, "description": "液化气钢瓶与灶具间距不足", "category": "fire", "level": "general",
        "source": "grid", "found_by": user.pk, "found_on": today.isoformat()})
    assert response.status_code == 302, response.content.decode()[:2000]
    hazard = Hazard.objects.get()
    assert hazard.source == HazardSource.GRID and hazard.region == g1 and hazard.created_by == user
    make_hazard(world, g2, enterprise=make_enterprise(world, g2), source=HazardSource.DEPARTMENT, found_on=today)
    period = {"start": f"{today.year}-01-01", "end": today.isoformat()}
    data = api_for(world.users.leader).get("/api/v1/supervision-stats/", {**period, "source": "grid"}).json()
    headline = {f["id"]: f for f in data["results"]}
    assert headline["hazards.found"]["value"] == 1
    group = {g["key"]: g for g in data["hazards"]["groups"]}["grid"]
    assert group["label"] == "网格巡查" and group["found"]["value"] == 1
    everything = api_for(world.users.leader).get("/api/v1/supervision-stats/", period).json()
    assert {g["key"]: g for g in everything["hazards"]["groups"]}["grid"]["found"]["value"] == 1
    assert {f["id"]: f for f in everything["results"]}["hazards.found"]["value"] == 2
    # 全镇共划分网格2个，配备网格员1名，纳入网格管理场所3个 (two enterprises in g2, one in g1)
    assert everything["enterprises"]["grids"] == {"grids": 2, "staff": 1, "places": 3}
    # the 网格员 himself counts his own grid only
    own = api_for(user).get("/api/v1/supervision-stats/", period).json()
    assert own["enterprises"]["grids"] == {"grids": 1, "staff": 1, "places": 1}
