"""Sample resources for tests and the permission matrix."""

from decimal import Decimal

from yingji.platform.core.testing import sample_factory

from .choices import ExpertField, MovementKind, ShelterKind, SupplyCategory, TeamKind
from .models import Dispatch, Expert, Movement, RescueTeam, Shelter, Stock, SupplyItem, Warehouse

LON, LAT = Decimal("121.420000"), Decimal("28.650000")


@sample_factory(Warehouse)
def make_warehouse(world, region, **kw):
    kw.setdefault("name", f"{region.name}应急物资储备库")
    kw.setdefault("keeper", "王保管")
    kw.setdefault("keeper_phone", "13912345678")
    kw.setdefault("lon", LON)
    kw.setdefault("lat", LAT)
    return Warehouse.objects.create(region=region, **kw)


@sample_factory(SupplyItem)
def make_item(world, region, **kw):
    kw.setdefault("name", "水泵")
    kw.setdefault("category", SupplyCategory.FLOOD)
    kw.setdefault("unit", "台")
    kw.setdefault("spec", f"样例-{SupplyItem.objects.count() + 1}")
    return SupplyItem.objects.create(region=region, **kw)


@sample_factory(Stock)
def make_stock(world, region, **kw):
    from .services import record_movement

    warehouse = kw.pop("warehouse", None) or make_warehouse(world, region)
    item = kw.pop("item", None) or make_item(world, region)
    m = record_movement(warehouse=warehouse, item=item, kind=MovementKind.RECEIVE, quantity=kw.pop("quantity", 10),
                        actor=world.users.admin, batch=kw.pop("batch", ""))
    return m.stock


@sample_factory(Movement)
def make_movement(world, region, **kw):
    return make_stock(world, region, **kw).movements.get()


@sample_factory(RescueTeam)
def make_team(world, region, **kw):
    kw.setdefault("name", f"{region.name}应急救援队")
    kw.setdefault("kind", TeamKind.TOWNSHIP)
    kw.setdefault("leader", "李队长")
    kw.setdefault("leader_phone", "13800001111")
    kw.setdefault("headcount", 20)
    kw.setdefault("lon", LON)
    kw.setdefault("lat", LAT)
    return RescueTeam.objects.create(region=region, **kw)


@sample_factory(Expert)
def make_expert(world, region, **kw):
    kw.setdefault("name", "陈工")
    kw.setdefault("field", ExpertField.FLOOD)
    kw.setdefault("phone", "13700002222")
    return Expert.objects.create(region=region, **kw)


@sample_factory(Shelter)
def make_shelter(world, region, **kw):
    kw.setdefault("name", f"{region.name}中心小学避灾安置场所")
    kw.setdefault("kind", ShelterKind.SCHOOL)
    kw.setdefault("capacity", 100)
    kw.setdefault("area_m2", Decimal("800"))
    kw.setdefault("lon", LON)
    kw.setdefault("lat", LAT)
    return Shelter.objects.create(region=region, **kw)


@sample_factory(Dispatch)
def make_dispatch(world, region, **kw):
    from .services import dispatch_team

    team = kw.pop("team", None) or make_team(world, region)
    return dispatch_team(team, lon=LON, lat=LAT, task=kw.pop("task", "转移群众"), actor=world.users.admin)
