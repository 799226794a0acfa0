"""p95 latency of a region-scoped list API page on PostgreSQL, beside the hand-written SQL for the same page.

A scratch database (yingji_bench, or $BENCH_API_LIST_DB; dropped afterwards) gets a province of 10 counties × 20
townships × 25 villages and 100,000 organisations (× --scale) spread over the villages.
GET /api/v1/organisations/ (first page, 50 rows, with its COUNT) goes through the whole Django stack via the test Client with token authentication, once as a
township user (乡镇应急办人员) and once as a county user (局领导). The baseline is the equivalent SQL sent with
psycopg on its own connection: the COUNT and the page of

    region_id IN (SELECT id FROM regions_region WHERE code BETWEEN lo AND hi) AND voided_at IS NULL
    ORDER BY region code, name LIMIT 50

A last figure is the floor under every list: an empty list (GET /api/v1/exports/, the user's own export jobs: none)
through the same stack, beside one bare round trip (SELECT 1).
"""

import os
import time

from _common import Figure, maybe_profile, migrate, p95, scratch_postgres, setup_django

ORDER = 20
DESCRIPTION = "GET /api/v1/organisations/ p95 at 100,000 organisations on PostgreSQL vs the same SQL by hand"

RECORDS = 100_000
COUNTIES, TOWNSHIPS, VILLAGES = 10, 20, 25
WARMUP, REQUESTS = 20, 200
# another name (BENCH_API_LIST_DB) keeps two engineers' runs on one server from dropping each other's database
DB = os.environ.get("BENCH_API_LIST_DB", "yingji_bench")


def add_arguments(parser):
    parser.add_argument("--requests", type=int, default=REQUESTS, help="timed requests per user (default 200)")


def populate(records):
    from yingji.platform.accounts.choices import OrgKind
    from yingji.platform.accounts.models import Organisation
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    province = Region.objects.create(code="990000000000", name="基准省", level=Level.PROVINCE)
    city = Region.objects.create(code="990100000000", name="基准市", level=Level.CITY, parent=province)
    counties = Region.objects.bulk_create([
        Region(code=f"9901{c:02d}000000", name=f"基准{c}县", level=Level.COUNTY, parent=city)
        for c in range(1, COUNTIES + 1)])
    towns = Region.objects.bulk_create([
        Region(code=f"{county.code[:6]}{100 + t:03d}000", name=f"{county.name}{t}镇", level=Level.TOWNSHIP,
               parent=county)
        for county in counties for t in range(1, TOWNSHIPS + 1)])
    villages = Region.objects.bulk_create([
        Region(code=f"{town.code[:9]}{200 + v:03d}", name=f"{town.name}{v}村", level=Level.VILLAGE, parent=town)
        for town in towns for v in range(1, VILLAGES + 1)], batch_size=5000)
    kinds = [OrgKind.OTHER, OrgKind.RESCUE, OrgKind.OTHER, OrgKind.TOWNSHIP_OFFICE]
    batch = []
    for i in range(records):
        village = villages[i % len(villages)]
        batch.append(Organisation(name=f"{village.name}第{i // len(villages) + 1}单位", kind=kinds[i % 4],
                                  region=village, phone=f"0576-{8000000 + i % 1000000:07d}"))
        if len(batch) == 10_000:
            Organisation.objects.bulk_create(batch)
            batch = []
    Organisation.objects.bulk_create(batch)
    return counties[0], towns[0]


def make_user(username, role, region):
    from django.contrib.auth.models import Group

    from yingji.platform.accounts.models import Role, User
    from yingji.platform.accounts.tokens import issue_token

    user = User.objects.create(username=username, full_name=username, region=region)
    user.groups.add(Group.objects.get(pk=Role.objects.get(code=role).group_id))
    return issue_token(user, actor=user, name="bench")[1]


def time_api(client, token, n, url="/api/v1/organisations/"):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    for _ in range(WARMUP):
        r = client.get(url, **headers)
        assert r.status_code == 200, (r.status_code, r.content[:300])
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(url, **headers)
        samples.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    return samples, r.json()


def time_sql(conn, region, n):
    from yingji.platform.regions import codes

    lo, hi = codes.subtree_bounds(region.code, region.level)
    count_sql = """SELECT COUNT(*) FROM accounts_organisation o
        WHERE o.region_id IN (SELECT id FROM regions_region WHERE code BETWEEN %(lo)s AND %(hi)s)
          AND o.voided_at IS NULL"""
    page_sql = """SELECT o.*, r.code, r.name FROM accounts_organisation o
        JOIN regions_region r ON r.id = o.region_id
        WHERE o.region_id IN (SELECT id FROM regions_region WHERE code BETWEEN %(lo)s AND %(hi)s)
          AND o.voided_at IS NULL
        ORDER BY r.code, o.name LIMIT 50"""
    params = {"lo": lo, "hi": hi}
    samples = []
    with conn.cursor() as cur:
        for i in range(WARMUP + n):
            t = time.perf_counter()
            cur.execute(count_sql, params)
            count = cur.fetchone()[0]
            cur.execute(page_sql, params)
            rows = cur.fetchall()
            if i >= WARMUP:
                samples.append((time.perf_counter() - t) * 1000)
    return samples, count, len(rows)


def run(args):
    yield from scratch_postgres(args, DB, lambda url: _measure(args, url))


def _measure(args, url):
    import psycopg

    setup_django(DATABASE_URL=url, DB_CONN_MAX_AGE=600)
    from django.db import connection
    from django.test import Client

    t = time.perf_counter()
    migrate()
    yield f"scratch database {url} migrated in {time.perf_counter() - t:.1f} s"

    records = max(1, int(RECORDS * args.scale))
    t = time.perf_counter()
    county, town = populate(records)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    yield (f"{records:,} organisations over {COUNTIES * TOWNSHIPS * VILLAGES:,} villages, loaded and analysed "
           f"in {time.perf_counter() - t:.1f} s; PostgreSQL {connection.pg_version // 10000}")

    users = [("township", "township", town, "乡镇用户"), ("county", "leader", county, "县级用户")]
    client = Client()
    with psycopg.connect(url, autocommit=True) as conn:
        for label, role, region, _zh in users:
            token = make_user(f"bench-{label}", role, region)
            with maybe_profile(args.profile, f"the API as the {label} user"):
                api_ms, body = time_api(client, token, args.requests)
            sql_ms, count, page_rows = time_sql(conn, region, args.requests)
            assert body["count"] == count, (body["count"], count)
            assert len(body["results"]) == page_rows, (len(body["results"]), page_rows)
            yield Figure(f"api.organisations.{label}.p95", p95(api_ms), p95(sql_ms), "ms",
                         "COUNT + page SQL via psycopg",
                         f"{count:,} rows in scope, {args.requests} requests; "
                         f"median {sorted(api_ms)[len(api_ms) // 2]:.1f} vs {sorted(sql_ms)[len(sql_ms) // 2]:.1f} ms")
        # the floor under any list: an empty one (the user's own export jobs: none) through the same stack (token,
        # middleware, DRF, one COUNT), beside one bare round trip to the database
        floor_ms, body = time_api(client, token, args.requests, url="/api/v1/exports/")
        assert body["count"] == 0, body
        trip_ms = []
        with conn.cursor() as cur:
            for i in range(WARMUP + args.requests):
                t = time.perf_counter()
                cur.execute("SELECT 1")
                cur.fetchone()
                if i >= WARMUP:
                    trip_ms.append((time.perf_counter() - t) * 1000)
        yield Figure("api.empty_list.p95", p95(floor_ms), p95(trip_ms), "ms", "SELECT 1 via psycopg",
                     f"GET /api/v1/exports/ (no rows): the framework's floor under every list; median "
                     f"{sorted(floor_ms)[len(floor_ms) // 2]:.1f} vs {sorted(trip_ms)[len(trip_ms) // 2]:.2f} ms")
