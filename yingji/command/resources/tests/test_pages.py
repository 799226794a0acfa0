"""List pages and list APIs: a constant number of queries whatever the rows; personal data masked; bad input on
the 出入库登记 page and the API answers in Chinese with nothing written."""

import pytest

from yingji.command.resources.choices import MovementKind
from yingji.command.resources.models import Movement, Stock
from yingji.command.resources.services import dispatch_team, record_movement
from yingji.command.resources.testing import (
    LAT,
    LON,
    make_expert,
    make_item,
    make_shelter,
    make_team,
    make_warehouse,
)

pytestmark = pytest.mark.django_db
LISTS = ["warehouses", "supplyitems", "stocks", "movements", "rescueteams", "experts", "shelters", "dispatches"]
APIS = ["warehouses", "supply-items", "stocks", "stock-movements", "rescue-teams", "experts", "shelters",
        "dispatches"]


def _fill(world, n):
    for i in range(n):
        region = world.regions.township_a
        w = make_warehouse(world, region, name=f"库{i}")
        item = make_item(world, world.regions.county, name=f"物资{i}")
        record_movement(warehouse=w, item=item, kind=MovementKind.RECEIVE, quantity=5, actor=world.users.admin)
        team = make_team(world, region, name=f"队{i}")
        dispatch_team(team, lon=LON, lat=LAT, task="巡查", actor=world.users.admin)
        make_expert(world, region, name=f"专家{i}")
        make_shelter(world, region, name=f"场所{i}")


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_do_not_grow_with_the_rows(name, world, client_for, django_assert_max_num_queries):
    c = client_for(world.users.duty)
    _fill(world, 2)
    with django_assert_max_num_queries(30) as few:
        assert c.get(f"/{name}/").status_code == 200
    _fill(world, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = c.get(f"/{name}/")
    assert page.status_code == 200


@pytest.mark.parametrize("name", APIS)
def test_list_apis_do_not_grow_with_the_rows(name, world, api_for, django_assert_max_num_queries):
    c = api_for(world.users.duty)
    _fill(world, 2)
    with django_assert_max_num_queries(20) as few:
        assert c.get(f"/api/v1/{name}/").status_code == 200
    _fill(world, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert c.get(f"/api/v1/{name}/").status_code == 200


def test_phones_are_masked_in_lists_and_the_api(world, client_for, api_for):
    make_team(world, world.regions.township_a, leader_phone="13812345678")
    assert "13812345678" not in client_for(world.users.duty).get("/rescueteams/").text
    assert api_for(world.users.duty).get("/api/v1/rescue-teams/").json()["results"][0]["leader_phone"] == \
        "138****5678"


def test_an_overdrawing_movement_is_refused_in_chinese_on_the_page_and_the_api(world, client_for, api_for):
    depot = make_warehouse(world, world.regions.township_a)
    pump = make_item(world, world.regions.county)
    record_movement(warehouse=depot, item=pump, kind=MovementKind.RECEIVE, quantity=2, actor=world.users.admin)
    page = client_for(world.users.duty).post("/movements/add/", {
        "warehouse": depot.pk, "item": pump.pk, "kind": "issue", "quantity": 3})
    assert page.status_code == 400 and "库存不足" in page.text
    api = api_for(world.users.duty).post("/api/v1/stock-movements/", {
        "warehouse": depot.pk, "item": pump.pk, "kind": "issue", "quantity": 3}, format="json")
    assert api.status_code == 400 and "库存不足" in str(api.json())
    page = client_for(world.users.duty).post("/movements/add/", {
        "warehouse": depot.pk, "item": pump.pk, "kind": "issue", "quantity": "-1"})
    assert page.status_code == 400 and "数量须大于 0" in page.text
    assert Movement.objects.count() == 1 and Stock.objects.get().on_hand == 2
    ok = client_for(world.users.duty).post("/movements/add/", {
        "warehouse": depot.pk, "item": pump.pk, "kind": "issue", "quantity": 2})
    assert ok.status_code == 302 and Stock.objects.get().on_hand == 0
