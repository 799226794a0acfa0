"""Emergency resources on PostgreSQL: nearest-resource search and issue-the-last-unit contention.

1. Nearest resources among 100,000 × --scale (standby teams, warehouses holding a pump, shelters; a third each,
   spread over a province-sized box): p95 of the dispatch page's search (nearest.nearest_all: the three kinds'
   KNN queries on GiST point indexes as one statement, re-ranked by exact haversine; the k=5 nearest of each as
   ids and distances; a second figure with their records loaded too) beside a brute-force scan in the same run
   (every row's lon/lat read, every haversine computed, sorted). The results must equal the brute force's.
2. Contention: 50 connections (threads) each issuing one unit of the same stock batch again and again through
   record_movement (conditional UPDATE + movement row + audit context, one transaction each); successful
   movements per second, beside a bare `UPDATE … SET on_hand = on_hand - 1 WHERE id = … AND on_hand >= 1` by
   50 psycopg connections in autocommit. Both must end at exactly 0 units, never below.
"""

import random
import statistics
import threading
import time
from decimal import Decimal

from _common import Figure, migrate, p95, scratch_postgres, setup_django

ORDER = 60
DESCRIPTION = "nearest resources p95 among 100,000 vs brute force; last-unit contention with 50 connections"

RESOURCES = 100_000
QUERIES = 200
THREADS = 50
UNITS = 2000


def run(args):
    yield from scratch_postgres(args, "yingji_bench_resources", lambda url: _measure(args, url))


def _populate(n):
    from yingji.command.resources.models import RescueTeam, Shelter, Stock, SupplyItem, Warehouse
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    rnd = random.Random(2026)
    region = Region.objects.create(code="990000000000", name="基准省", level=Level.PROVINCE)
    pump = SupplyItem.objects.create(name="水泵", category="flood", unit="台", region=region)

    def point():  # a province: about 500 × 450 km
        return Decimal(f"{118 + rnd.random() * 5:.6f}"), Decimal(f"{27 + rnd.random() * 4:.6f}")

    third = n // 3
    teams = []
    for i in range(third):
        lon, lat = point()
        teams.append(RescueTeam(name=f"队伍{i}", kind="township", region=region, leader="队长",
                                leader_phone="13800000000", lon=lon, lat=lat,
                                status="standby" if i % 4 else "deployed"))
    RescueTeam.objects.bulk_create(teams, batch_size=5000)
    houses = []
    for i in range(third):
        lon, lat = point()
        houses.append(Warehouse(name=f"储备点{i}", region=region, keeper="保管", keeper_phone="13800000000",
                                lon=lon, lat=lat))
    houses = Warehouse.objects.bulk_create(houses, batch_size=5000)
    Stock.objects.bulk_create([Stock(warehouse=w, item=pump, on_hand=rnd.randint(0, 8)) for w in houses],
                              batch_size=5000)
    shelters = []
    for i in range(n - 2 * third):
        lon, lat = point()
        shelters.append(Shelter(name=f"场所{i}", kind="school", region=region, capacity=200, area_m2=500,
                                occupancy=rnd.choice([0, 50, 200]), lon=lon, lat=lat))
    Shelter.objects.bulk_create(shelters, batch_size=5000)
    return region, pump


def _measure(args, url):
    setup_django(DATABASE_URL=url, DB_CONN_MAX_AGE=600)
    from django.contrib.auth import get_user_model
    from django.db import connection

    t = time.perf_counter()
    migrate()
    n = max(300, int(RESOURCES * args.scale))
    region, pump = _populate(n)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    yield f"scratch database migrated and filled with {n:,} resources in {time.perf_counter() - t:.1f} s"
    user = get_user_model().objects.create_superuser("bench", password="x")
    yield from _nearest(user, pump, connection)
    yield from _contention(url, user, region, pump)


def _nearest(user, pump, connection):
    from yingji.command.resources import nearest
    from yingji.command.resources.models import RescueTeam, Shelter, Stock

    rnd = random.Random(7)
    spots = [(118.5 + rnd.random() * 4, 27.5 + rnd.random() * 3) for _ in range(QUERIES)]
    ours, loaded, brute = [], [], []
    for lon, lat in spots:
        a = time.perf_counter()
        found = nearest.nearest_all(user, lon, lat, 5, item=pump, quantity=3, people=20)  # the dispatch page's
        teams, stocks, shelters = found["teams"], found["stocks"], found["shelters"]
        ours.append((time.perf_counter() - a) * 1000)
        for found in (teams, stocks, shelters):  # what the dispatch page shows: the 15 records themselves
            assert all(f.obj is not None for f in found)
        loaded.append((time.perf_counter() - a) * 1000)
        a = time.perf_counter()
        t_all = list(RescueTeam.objects.filter(status="standby").values_list("pk", "lon", "lat"))
        s_all = list(Stock.objects.filter(item=pump, on_hand__gte=3).values_list("pk", "warehouse__lon",
                                                                                 "warehouse__lat"))
        h_all = list(Shelter.objects.filter(occupancy__lte=180).values_list("pk", "lon", "lat"))
        best = [sorted((nearest.haversine_km((lon, lat), (float(x), float(y))), pk) for pk, x, y in rows)[:5]
                for rows in (t_all, s_all, h_all)]
        brute.append((time.perf_counter() - a) * 1000)
        assert [f.km for f in teams] == [round(km, 2) for km, _pk in best[0]], "nearest teams differ from brute force"
        assert [f.km for f in shelters] == [round(km, 2) for km, _pk in best[2]]
        assert [f.km for f in stocks] == [round(km, 2) for km, _pk in best[1]]
    yield Figure("nearest teams+stock+shelters", p95(ours), p95(brute), "ms p95", "brute-force scan + haversine",
                 f"{QUERIES} places, k=5 each (ids and distances), results equal to brute force; "
                 f"median {statistics.median(ours):.1f} ms")
    yield Figure("nearest + the 15 records loaded", p95(loaded), p95(brute), "ms p95", "brute-force scan + haversine",
                 f"as above, then each result's record (select_related) as the dispatch page shows it; "
                 f"median {statistics.median(loaded):.1f} ms")


def _contention(url, user, region, pump):
    import psycopg
    from django.db import connections

    from yingji.command.resources.models import Stock, Warehouse
    from yingji.command.resources.services import record_movement

    depot = Warehouse.objects.create(name="争用库", region=region, keeper="保管", keeper_phone="13800000000",
                                     lon=Decimal("120"), lat=Decimal("29"))
    record_movement(warehouse=depot, item=pump, kind="receive", quantity=UNITS, actor=user)
    stock = Stock.objects.get(warehouse=depot, item=pump)
    from django.core.exceptions import ValidationError

    def ours(_i, wins):
        try:
            while True:
                try:
                    record_movement(warehouse=depot, item=pump, kind="issue", quantity=1, actor=user)
                    wins.append(1)
                except ValidationError:
                    return
        finally:
            connections.close_all()

    rate_ours, left = _race(ours)
    assert Stock.objects.get(pk=stock.pk).on_hand == 0 and left == UNITS, (left, UNITS)
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("UPDATE resources_stock SET on_hand = %s WHERE id = %s", (UNITS, stock.pk))

    def bare(_i, wins):
        with psycopg.connect(url, autocommit=True) as c:
            while True:
                cur = c.execute("UPDATE resources_stock SET on_hand = on_hand - 1 WHERE id = %s AND on_hand >= 1",
                                (stock.pk,))
                if not cur.rowcount:
                    return
                wins.append(1)

    rate_bare, left_bare = _race(bare)
    assert Stock.objects.get(pk=stock.pk).on_hand == 0 and left_bare == UNITS
    yield Figure("last-unit issue, 50 connections", rate_ours, rate_bare, "moves/s",
                 "bare UPDATE … WHERE on_hand >= 1",
                 f"{UNITS} units: exactly {UNITS} succeeded in both, balance 0, never below")


def _race(fn):
    wins = []
    barrier = threading.Barrier(THREADS)

    def run(i):
        barrier.wait()
        fn(i, wins)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    a = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(wins) / (time.perf_counter() - a), len(wins)
