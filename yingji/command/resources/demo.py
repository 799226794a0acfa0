"""Demo data: the demo county's warehouses with stock and a year of movements, rescue teams with members and
equipment, experts, shelters, and a few dispatches (one still out). Deterministic (ctx.random); every balance is
written through the ledger's services, so the movements sum to it."""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.demodata import register
from yingji.platform.core.validators import with_id_check_character

from .choices import ExpertField, MovementKind, ShelterKind, ShelterLevel, SupplyCategory, TeamKind

CENTRE = (121.42, 28.65)
ITEMS = [("冲锋舟", SupplyCategory.FLOOD, "艘", None, 90), ("橡皮艇", SupplyCategory.FLOOD, "艘", None, 180),
         ("救生衣", SupplyCategory.FLOOD, "件", None, None), ("发电机", SupplyCategory.POWER, "台", None, 90),
         ("水泵", SupplyCategory.FLOOD, "台", None, 90), ("帐篷", SupplyCategory.LIVING, "顶", None, 365),
         ("棉被", SupplyCategory.LIVING, "床", None, None), ("折叠床", SupplyCategory.LIVING, "张", None, None),
         ("方便面", SupplyCategory.LIVING, "箱", 180, None), ("矿泉水", SupplyCategory.LIVING, "箱", 365, None)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑"
GIVEN = "建国志强海燕玉梅永福金水德明文华国平小军"


def _near(rnd, km=15):
    return (Decimal(f"{CENTRE[0] + (rnd.random() - 0.5) * km / 50:.6f}"),
            Decimal(f"{CENTRE[1] + (rnd.random() - 0.5) * km / 55:.6f}"))


def _phone(rnd):
    return f"13{rnd.randint(0, 9)}{rnd.randint(10000000, 99999999)}"


@register(order=82)
def build_resources(ctx):
    from .models import Expert, RescueTeam, Shelter, Stock, SupplyItem, TeamEquipment, TeamMember, Warehouse
    from .services import dispatch_shelter, dispatch_supply, dispatch_team, record_movement, return_dispatch

    county = ctx.county
    if Warehouse.objects.filter(region=county).exists():
        return
    rnd = ctx.random
    actor = ctx.users.get("duty") or ctx.users.get("admin")
    today = timezone.localdate()
    items = [SupplyItem.objects.create(name=n, category=c, unit=u, shelf_life_days=life, maintenance_days=m,
                                       region=county) for n, c, u, life, m in ITEMS]
    townships = list(ctx.townships)
    warehouses = [Warehouse.objects.create(name=f"{county.name}应急物资储备库", region=county, keeper="周保管",
                                           keeper_phone=_phone(rnd), lon=Decimal("121.420000"),
                                           lat=Decimal("28.650000"), area_m2=Decimal("1200"))]
    for t in townships[:6]:
        lon, lat = _near(rnd)
        warehouses.append(Warehouse.objects.create(name=f"{t.name}应急物资储备点", kind="point", level="township",
                                                   region=t, keeper=rnd.choice(SURNAMES) + "保管",
                                                   keeper_phone=_phone(rnd), lon=lon, lat=lat))
    for w in warehouses:
        big = w.region == county
        for item in items:
            n = rnd.randint(20, 200) * (5 if big else 1)
            received = today - datetime.timedelta(days=rnd.randint(60, 300))
            batch = f"{received:%Y%m}" if item.shelf_life_days else ""
            record_movement(warehouse=w, item=item, kind=MovementKind.RECEIVE, quantity=n, actor=actor, batch=batch,
                            occurred_on=received, note="年度储备采购入库")
            if rnd.random() < 0.4:
                record_movement(warehouse=w, item=item, kind=MovementKind.ISSUE, quantity=rnd.randint(1, n // 4 + 1),
                                actor=actor, batch=batch, occurred_on=received + datetime.timedelta(days=20),
                                borrower="乡镇防汛领用")
            if item.maintenance_days and rnd.random() < 0.5:
                record_movement(warehouse=w, item=item, kind=MovementKind.MAINTAIN, quantity=1, actor=actor,
                                batch=batch, occurred_on=received + datetime.timedelta(days=30), note="汛前保养")
    # a transfer from the county depot to a township point
    from .services import transfer_stock

    tents = Stock.objects.get(warehouse=warehouses[0], item=items[5], batch="")
    transfer_stock(stock=tents, to_warehouse=warehouses[1], quantity=10, actor=actor, note="汛前前置")

    teams = []
    kinds = [TeamKind.PROFESSIONAL, TeamKind.COMPREHENSIVE, TeamKind.SOCIAL, TeamKind.ENTERPRISE]
    for i, kind in enumerate(kinds):
        lon, lat = _near(rnd)
        teams.append(RescueTeam.objects.create(name=f"{county.name}{kind.label.replace('队伍', '')}{i + 1}队",
                                               kind=kind, region=county, leader=rnd.choice(SURNAMES) + "队长",
                                               leader_phone=_phone(rnd), headcount=rnd.randint(15, 60),
                                               specialties=rnd.choice(["水域救援", "山地搜救", "危化处置", "森林灭火"]),
                                               lon=lon, lat=lat))
    for t in townships:
        lon, lat = _near(rnd)
        teams.append(RescueTeam.objects.create(name=f"{t.name}应急救援队", kind=TeamKind.TOWNSHIP, region=t,
                                               leader=rnd.choice(SURNAMES) + "队长", leader_phone=_phone(rnd),
                                               headcount=rnd.randint(10, 30), lon=lon, lat=lat))
    for team in teams:
        for _n in range(min(team.headcount, 6)):
            born = datetime.date(rnd.randint(1970, 2000), rnd.randint(1, 12), rnd.randint(1, 28))
            TeamMember.objects.create(team=team, name=rnd.choice(SURNAMES) + rnd.choice(GIVEN),
                                      id_number=with_id_check_character(
                                          f"{county.code[:6]}{born:%Y%m%d}{rnd.randint(100, 999)}"),
                                      phone=_phone(rnd), role=rnd.choice(["队员", "副队长", "驾驶员"]),
                                      skills=rnd.choice(["水域救援", "绳索救援", "急救", "无人机"]),
                                      first_responder=rnd.random() < 0.5)
        TeamEquipment.objects.create(team=team, kind="vehicle", name="抢险救援车", quantity=1,
                                     plate=f"浙J{rnd.randint(10000, 99999)}")
        TeamEquipment.objects.create(team=team, name="便携式照明灯", quantity=rnd.randint(2, 10))
    for f in [ExpertField.FLOOD, ExpertField.GEOLOGY, ExpertField.HAZCHEM, ExpertField.FIRE, ExpertField.MEDICAL]:
        Expert.objects.create(name=rnd.choice(SURNAMES) + rnd.choice(GIVEN), field=f, title="高级工程师",
                              organisation=f"{county.name}相关单位", phone=_phone(rnd), region=county)
    shelters = []
    for t in townships:
        lon, lat = _near(rnd)
        shelters.append(Shelter.objects.create(name=f"{t.name}中心小学避灾安置场所", kind=ShelterKind.SCHOOL,
                                               level=ShelterLevel.FIXED, region=t, capacity=rnd.randint(100, 500),
                                               area_m2=Decimal(rnd.randint(600, 3000)),
                                               facilities="应急供水、供电、厕所、医疗点", lon=lon, lat=lat))
    # this year's dispatches: a typhoon's resettlement (returned) and one team still out
    lon, lat = Decimal("121.430000"), Decimal("28.660000")
    if shelters:
        d = dispatch_shelter(shelters[0], people=60, lon=lon, lat=lat, task="台风转移安置", actor=actor)
        return_dispatch(d, actor=actor)
    pump = Stock.objects.filter(item=items[4], warehouse=warehouses[0]).first()
    if pump is not None:
        d = dispatch_supply(pump, quantity=4, lon=lon, lat=lat, task="低洼地段排涝", actor=actor)
        return_dispatch(d, actor=actor, consumed=0)
    d = dispatch_team(teams[0], lon=lon, lat=lat, task="台风期间前置待命", actor=actor)
    return_dispatch(d, actor=actor)
    dispatch_team(teams[-1], lon=lon, lat=lat, task="山塘巡查", actor=actor)
