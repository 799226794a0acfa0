"""Nearest resources and dispatch: the k nearest by straight line equal a brute-force scan; dispatch reserves the
stock, the team or the shelter's places in the same transaction and writes the incident's timeline; a return
releases them; a second dispatch of what is gone is refused in Chinese and writes nothing."""

import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yingji.command.resources import nearest
from yingji.command.resources.choices import DispatchState, MovementKind, ShelterStatus, TeamStatus
from yingji.command.resources.models import Dispatch, RescueTeam, Shelter, Stock
from yingji.command.resources.services import (
    dispatch_shelter,
    dispatch_supply,
    dispatch_team,
    ledger_mismatches,
    record_movement,
    return_dispatch,
)
from yingji.command.resources.testing import LAT, LON, make_item, make_shelter, make_team, make_warehouse

pytestmark = pytest.mark.django_db


def test_nearest_teams_equal_a_brute_force_scan(world):
    rnd = random.Random(7)
    points = []
    for i in range(60):
        lon, lat = 121.0 + rnd.random(), 28.3 + rnd.random() * 0.8
        points.append((lon, lat))
        make_team(world, world.regions.township_a if i % 2 else world.regions.township_b, name=f"队{i}",
                  lon=Decimal(f"{lon:.6f}"), lat=Decimal(f"{lat:.6f}"))
    here = (121.42, 28.65)
    found = nearest.nearest_teams(world.users.admin, *here, k=5)
    brute = sorted(nearest.haversine_km(here, (float(t.lon), float(t.lat))) for t in RescueTeam.objects.all())[:5]
    assert [f.km for f in found] == [round(km, 2) for km in brute]
    # the township officer sees his township's teams only
    assert {f.obj.region for f in nearest.nearest_teams(world.users.township_a, *here, k=50)} == {
        world.regions.township_a}


def test_the_search_is_exact_whatever_radius_the_last_one_started_from(world, django_assert_num_queries,
                                                                        django_assert_max_num_queries):
    """A dense spot teaches the next search to start at 5 km (or a sparse one at 640 km): the next answer is still
    the brute-force one; the records are loaded in one query, only when asked for."""
    rnd = random.Random(11)
    for i in range(40):  # a cluster near (121.0, 28.5) and a few teams far away
        lon, lat = (121.0 + rnd.random() * 0.02, 28.5 + rnd.random() * 0.02) if i < 30 else \
            (123.0 + rnd.random() * 2, 30.0 + rnd.random() * 2)
        make_team(world, world.regions.township_a, name=f"队{i}", lon=Decimal(f"{lon:.6f}"), lat=Decimal(f"{lat:.6f}"))
    teams = [(float(t.lon), float(t.lat)) for t in RescueTeam.objects.all()]
    nearest._start.clear()
    for here in [(121.01, 28.51), (124.0, 31.0), (121.01, 28.51), (120.0, 27.0), (124.5, 30.5), (121.0, 28.5)]:
        with django_assert_max_num_queries(len(nearest.RADII_KM)) as q:
            found = nearest.nearest_teams(world.users.admin, *here, k=5)
        searches = len(q.captured_queries)
        brute = sorted(nearest.haversine_km(here, p) for p in teams)[:5]
        assert [f.km for f in found] == [round(km, 2) for km in brute], here
        with django_assert_num_queries(1):  # the five records, in one query, when first used
            names = [f.obj.name for f in found]
        assert len(set(names)) == 5 and searches >= 1


def test_road_distance_is_pluggable(world):
    near = make_team(world, world.regions.township_a, name="近", lon=LON, lat=LAT)
    far = make_team(world, world.regions.township_a, name="远", lon=LON + Decimal("0.05"), lat=LAT)
    nearest.set_distance_function(lambda a, b: 99.0 if b == near.point else 1.0)  # a river between
    try:
        assert [f.obj for f in nearest.nearest_teams(world.users.admin, float(LON), float(LAT), k=2)] == [far, near]
    finally:
        nearest.set_distance_function(None)


def test_dispatch_of_a_team_twice_the_second_is_refused(world):
    team = make_team(world, world.regions.township_a)
    d = dispatch_team(team, lon=LON, lat=LAT, task="转移群众", actor=world.users.duty)
    assert RescueTeam.objects.get().status == TeamStatus.DEPLOYED
    with pytest.raises(ValidationError, match="不在待命状态"):
        dispatch_team(team, lon=LON, lat=LAT, task="再派", actor=world.users.duty)
    assert Dispatch.objects.count() == 1
    assert nearest.nearest_teams(world.users.admin, float(LON), float(LAT)) == []
    return_dispatch(d, actor=world.users.duty, team_status=TeamStatus.RESTING)
    assert RescueTeam.objects.get().status == TeamStatus.RESTING
    with pytest.raises(ValidationError, match="已返回"):
        return_dispatch(d, actor=world.users.duty)


def test_supply_dispatch_reserves_and_the_return_releases_and_issues_what_was_used(world):
    depot = make_warehouse(world, world.regions.township_a)
    pump = make_item(world, world.regions.county)
    record_movement(warehouse=depot, item=pump, kind=MovementKind.RECEIVE, quantity=3, actor=world.users.admin)
    stock = Stock.objects.get()
    found = nearest.nearest_stock(world.users.duty, pump, 3, float(LON), float(LAT))
    assert [f.obj for f in found] == [stock]
    d = dispatch_supply(stock, quantity=2, lon=LON, lat=LAT, task="排涝", actor=world.users.duty)
    assert (Stock.objects.get().on_hand, Stock.objects.get().reserved) == (3, 2)
    assert nearest.nearest_stock(world.users.duty, pump, 2, float(LON), float(LAT)) == []  # only 1 available
    with pytest.raises(ValidationError, match="库存不足"):
        dispatch_supply(stock, quantity=2, lon=LON, lat=LAT, task="排涝", actor=world.users.duty)
    assert Dispatch.objects.count() == 1
    return_dispatch(d, actor=world.users.duty, consumed=1)
    assert (Stock.objects.get().on_hand, Stock.objects.get().reserved) == (2, 0)
    assert ledger_mismatches() == (1, [])
    assert Dispatch.objects.get().state == DispatchState.RETURNED


def test_shelter_occupancy_cannot_exceed_capacity(world):
    shelter = make_shelter(world, world.regions.township_a, capacity=100)
    d = dispatch_shelter(shelter, people=80, lon=LON, lat=LAT, task="安置转移群众", actor=world.users.duty)
    s = Shelter.objects.get()
    assert (s.occupancy, s.status) == (80, ShelterStatus.OPEN)
    with pytest.raises(ValidationError, match="剩余可安置20人，本次需要21人"):
        dispatch_shelter(shelter, people=21, lon=LON, lat=LAT, task="安置", actor=world.users.duty)
    assert Shelter.objects.get().occupancy == 80 and Dispatch.objects.count() == 1
    assert [f.obj for f in nearest.nearest_shelters(world.users.duty, 20, float(LON), float(LAT))] == [shelter]
    assert nearest.nearest_shelters(world.users.duty, 21, float(LON), float(LAT)) == []
    return_dispatch(d, actor=world.users.duty)
    assert Shelter.objects.get().occupancy == 0


def test_dispatch_for_an_incident_writes_its_timeline(world):
    from yingji.command.incidents.models import TimelineEntry

    incident = world.sample(__import__("yingji.command.incidents.models", fromlist=["Incident"]).Incident)
    team = make_team(world, world.regions.township_a)
    d = dispatch_team(team, lon=LON, lat=LAT, task="搜救", actor=world.users.duty, incident=incident)
    return_dispatch(d, actor=world.users.duty)
    texts = list(TimelineEntry.objects.filter(incident=incident).order_by("seq").values_list("kind", "text"))
    assert [k for k, _t in texts][-2:] == ["dispatch", "return"]
    assert "调派队伍" in texts[-2][1]


def test_the_dispatch_page_finds_and_dispatches_and_refuses_in_chinese(world, client_for):
    team = make_team(world, world.regions.township_a)
    shelter = make_shelter(world, world.regions.township_a, capacity=10)
    c = client_for(world.users.duty)
    page = c.get("/dispatches/add/", {"lon": "121.43", "lat": "28.66", "task": "转移", "people": 5})
    assert page.status_code == 200 and team.name in page.text and shelter.name in page.text
    params = {"lon": "121.43", "lat": "28.66", "task": "转移", "people": 11, "kind": "shelter", "target": shelter.pk}
    r = c.post("/dispatches/add/", params, follow=True)
    assert "剩余可安置10人，本次需要11人" in r.text and not Dispatch.objects.exists()
    r = c.get("/dispatches/add/", {"lon": "200", "lat": "28.66", "task": "x"})
    assert r.status_code == 400
    # the success path: the team and the shelter are dispatched, said so on the page, and audited with the actor
    params.update(people=5)
    r = c.post("/dispatches/add/", params, follow=True)
    assert r.status_code == 200 and "已调派" in r.text
    params.update(kind="team", target=team.pk)
    r = c.post("/dispatches/add/", params, follow=True)
    assert r.status_code == 200 and "已调派" in r.text
    done = Dispatch.objects.order_by("pk")
    assert [(d.kind, d.state) for d in done] == [("shelter", "active"), ("team", "active")]
    team.refresh_from_db()
    shelter.refresh_from_db()
    assert team.status != "standby" and shelter.occupancy == 5
    assert all(d.created_by_id == world.users.duty.pk for d in done)
