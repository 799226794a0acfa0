"""The nearest-resource search equals a brute-force scan on random data, on SQLite (growing bounding box) and on
PostgreSQL (KNN on the GiST point indexes, one statement for the three kinds, re-ranked by exact haversine); the
planar bound that proves the KNN candidates enough holds for any pair of points."""

import math
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.command.resources import nearest
from yingji.command.resources.choices import MovementKind, TeamStatus
from yingji.command.resources.models import RescueTeam, Shelter, Stock
from yingji.command.resources.services import record_movement
from yingji.command.resources.testing import make_item, make_shelter, make_team, make_warehouse


def test_the_planar_reach_bounds_every_point_within_the_distance():
    """sqrt(Δlon² + Δlat²) ≤ plane_reach(lat, great-circle km) for random pairs, from the equator to 80°N and from
    a few metres to 2,000 km (None only where the circle reaches a pole)."""
    rnd = random.Random(3)
    for _ in range(20000):
        lat1 = rnd.uniform(-80, 80)
        lon1 = rnd.uniform(70, 140)
        km = 10 ** rnd.uniform(-2, 3.3)
        bearing = rnd.uniform(0, 2 * math.pi)
        # the point at that distance and bearing (spherical), then its exact haversine distance
        p1, t = math.radians(lat1), km / nearest.EARTH_KM
        p2 = math.asin(math.sin(p1) * math.cos(t) + math.cos(p1) * math.sin(t) * math.cos(bearing))
        l2 = math.radians(lon1) + math.atan2(math.sin(bearing) * math.sin(t) * math.cos(p1),
                                             math.cos(t) - math.sin(p1) * math.sin(p2))
        lon2, lat2 = math.degrees(l2), math.degrees(p2)
        d = nearest.haversine_km((lon1, lat1), (lon2, lat2))
        reach = nearest.plane_reach(lat1, d)
        if reach is not None:
            assert math.hypot(lon2 - lon1, lat2 - lat1) <= reach, (lon1, lat1, lon2, lat2, d, reach)
    assert nearest.plane_reach(89.0, 200) is None


def _dec(v):
    return Decimal(f"{v:.6f}")


@pytest.mark.django_db
def test_teams_stock_and_shelters_equal_a_brute_force_scan_on_random_data(world):
    """A dense cluster, an east-west street, a north-south one (where the planar and the great-circle orders differ
    most), scattered points and a few far away; random conditions (team status, stock available, free places)."""
    rnd = random.Random(2026)
    region = world.regions.township_a
    pump = make_item(world, world.regions.county)

    def spot():
        r = rnd.random()
        if r < 0.3:
            return 121.0 + rnd.random() * 0.03, 28.5 + rnd.random() * 0.03
        if r < 0.45:
            return 120.5 + rnd.random() * 1.5, 28.7
        if r < 0.6:
            return 121.3, 28.0 + rnd.random() * 1.5
        if r < 0.95:
            return 120.0 + rnd.random() * 3, 27.5 + rnd.random() * 2.5
        return 126.0 + rnd.random() * 4, 33.0 + rnd.random() * 3

    for i in range(120):
        x, y = spot()
        make_team(world, region, name=f"队{i}", lon=_dec(x), lat=_dec(y),
                  status=TeamStatus.STANDBY if i % 3 else TeamStatus.DEPLOYED)
    for i in range(90):
        x, y = spot()
        depot = make_warehouse(world, region, name=f"库{i}", lon=_dec(x), lat=_dec(y))
        if i % 4:
            record_movement(warehouse=depot, item=pump, kind=MovementKind.RECEIVE, quantity=rnd.randint(1, 6),
                            actor=world.users.admin)
    for i in range(90):
        x, y = spot()
        make_shelter(world, region, name=f"场所{i}", lon=_dec(x), lat=_dec(y), capacity=100,
                     occupancy=rnd.choice([0, 50, 90]))

    def brute(rows, here, k):  # every row's distance, sorted; the search answers within MAX_KM (640 km)
        ranked = sorted((nearest.haversine_km(here, (float(x), float(y))), pk) for pk, x, y in rows)
        return [(round(km, 2), pk) for km, pk in ranked if km <= nearest.MAX_KM][:k]

    teams = RescueTeam.objects.filter(status=TeamStatus.STANDBY).values_list("pk", "lon", "lat")
    stocks = Stock.objects.filter(item=pump, on_hand__gte=3).values_list("pk", "warehouse__lon", "warehouse__lat")
    shelters = Shelter.objects.filter(occupancy__lte=80).values_list("pk", "lon", "lat")
    nearest._start.clear()
    nearest.nearest_all(world.users.admin, 121.0, 28.5)  # (the user's permissions, read once)
    statements = []
    for _ in range(40):
        here = spot()
        k = rnd.choice([1, 5, 12])
        with CaptureQueriesContext(connection) as q:
            found = nearest.nearest_all(world.users.admin, *here, k, item=pump, quantity=3, people=20)
        statements.append(len(q.captured_queries))
        assert [(f.km, f.pk) for f in found["teams"]] == brute(teams, here, k), here
        assert [(f.km, f.pk) for f in found["stocks"]] == brute(stocks, here, k), here
        assert [(f.km, f.pk) for f in found["shelters"]] == brute(shelters, here, k), here
    if connection.vendor == "postgresql":  # the three kinds in one statement; rarely a second round
        assert max(statements) <= 2 and statements.count(1) >= 30, statements


@pytest.mark.django_db
def test_at_60_degrees_north_the_planar_order_misleads_and_the_search_still_finds_the_nearest(world):
    """At 60°N a degree of longitude is half a degree of latitude: forty teams due north (11–15 km) come first in
    the planar order, five due east (8–9 km) are the nearest. On PostgreSQL the first round's candidates (all
    north) are proved not enough and the search asks again; both backends answer the five in the east."""
    here = (20.0, 60.0)
    east = [make_team(world, world.regions.township_a, name=f"东{i}", lon=_dec(20.15 + i * 0.002), lat=_dec(60.0))
            for i in range(5)]
    for i in range(40):
        make_team(world, world.regions.township_a, name=f"北{i}", lon=_dec(20.0), lat=_dec(60.1 + i * 0.001))
    nearest.nearest_teams(world.users.admin, 0.0, 0.0)  # (the user's permissions, read once)
    with CaptureQueriesContext(connection) as q:
        found = nearest.nearest_teams(world.users.admin, *here, k=5)
    assert [f.pk for f in found] == [t.pk for t in east]
    if connection.vendor == "postgresql":
        assert len(q.captured_queries) == 2  # 25 candidates (the nearest by plane: all north), then 100
    assert found[0].km == round(nearest.haversine_km(here, (20.15, 60.0)), 2)
