"""Supervision at province scale on PostgreSQL: the hazard list API, the supervision and accident statistics, the
enterprise ledger import and one county's annual report, each beside hand-written SQL or a raw insert.

A scratch database (yingji_bench_supervision, dropped afterwards) gets a province of 10 counties × 20 townships ×
25 villages, and at --scale 1: 5,000 enterprises, 50,000 hazards, 5,000 inspections, 1,000 enforcement cases with
penalties, 500 measures and 2,500 accidents over the last three years, from a fixed random seed, written by the
application's bulk loader (yingji/demo/bulk.py, the one `yingji demo --scale` uses: COPY, no per-row audit rows: the
data is a fixture, not what is measured). --scale 20 is the issues' full scale: 100,000 enterprises, 1,000,000
hazards, 50,000 accidents (the bench asks for ten times the demo's accidents, for the accident statistics).

Figures (county = the first county, one tenth of the records; year = 2025):
  hazards.api.p95         GET /api/v1/hazards/?state=pending&sector=…&found_after=… as the county's 局领导
                          beside the same COUNT + page of 50 in SQL
  supervision.stats.year  GET /api/v1/supervision-stats/ for 2025 and the county, beside hand-written aggregates
  enterprises.import      the enterprises ImportSpec (each row through the form, one transaction, audit rows)
                          beside a raw executemany INSERT of the same rows
  accidents.stats.year    GET /api/v1/accident-stats/ for 2025 and the county, beside hand-written aggregates
  report.annual           the county's annual report (engine + .docx) beside the 10 s target of issue 4
"""

import io
import os
import random
import time
from datetime import UTC, date, datetime

from _common import Figure, maybe_profile, migrate, p95, scratch_postgres, setup_django, stopwatch

ORDER = 40
DESCRIPTION = "hazard list API, supervision and accident statistics, enterprise import, annual report on PostgreSQL"

ENTERPRISES, HAZARDS, INSPECTIONS, CASES, MEASURES, ACCIDENTS = 5_000, 50_000, 5_000, 1_000, 500, 2_500
IMPORT_ROWS = 1_000
COUNTIES, TOWNSHIPS, VILLAGES = 10, 20, 25
SEED = 20261123
WARMUP, REQUESTS, REPEATS = 5, 50, 5
# another name (BENCH_SUPERVISION_DB) keeps two engineers' runs on one server from dropping each other's database
DB = os.environ.get("BENCH_SUPERVISION_DB", "yingji_bench_supervision")
SECTORS = ["hazchem_use", "hazchem_trade", "non_coal_mine", "construction", "road_transport", "gas", "crowded",
           "other"]


def _n(base, scale):
    return max(1, int(base * scale))


def add_arguments(parser):
    parser.add_argument("--import-rows", type=int, default=None,
                        help="rows of the enterprise ledger import (default 1,000 × --scale)")


def run(args):
    yield from scratch_postgres(args, DB, lambda url: _measure(args, url))


# --- data ---------------------------------------------------------------------------------------------------------
def populate(scale, rnd):
    """The province through the application's bulk loader (yingji/demo/bulk.py, which `yingji demo --scale` uses
    too): COPY of rows computed in Python, no model instances, no per-row audit rows, one audit event."""
    from yingji.demo import bulk
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    province = Region.objects.create(code="990000000000", name="基准省", level=Level.PROVINCE)
    city = Region.objects.create(code="990100000000", name="基准市", level=Level.CITY, parent=province)
    townships = [(f"{100 + t:03d}", f"{t}镇") for t in range(1, TOWNSHIPS + 1)]
    counties = [bulk.build_county(city, f"9901{c:02d}", f"基准{c}县", townships, VILLAGES, rnd)
                for c in range(1, COUNTIES + 1)]
    volumes = bulk.Volumes(enterprises=_n(ENTERPRISES, scale), hazards=_n(HAZARDS, scale),
                           inspections=_n(INSPECTIONS, scale), cases=_n(CASES, scale), measures=_n(MEASURES, scale),
                           accidents=_n(ACCIDENTS, scale))
    counts = bulk.load(counties, volumes, seed=SEED)
    first = counties[0]
    towns = [t for c in counties for t in c.townships]
    villages = [v for c in counties for vs in c.villages.values() for v in vs]
    return first.region, towns, villages, first.bureau, counts


def make_user(username, role, region):
    from django.contrib.auth.models import Group

    from yingji.platform.accounts.models import Role, User
    from yingji.platform.accounts.tokens import issue_token

    user = User.objects.create(username=username, full_name=username, region=region)
    user.groups.add(Group.objects.get(pk=Role.objects.get(code=role).group_id))
    return user, issue_token(user, actor=user, name="bench")[1]


def time_get(client, token, url, n, warmup=WARMUP):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    body = None
    samples = []
    for i in range(warmup + n):
        t = time.perf_counter()
        r = client.get(url, **headers)
        if i >= warmup:
            samples.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code, r.content[:300])
        body = r.json()
    return samples, body


def time_sql(conn, statements, n, warmup=WARMUP):
    samples, out = [], None
    with conn.cursor() as cur:
        for i in range(warmup + n):
            t = time.perf_counter()
            out = []
            for sql, params in statements:
                cur.execute(sql, params)
                out.append(cur.fetchall())
            if i >= warmup:
                samples.append((time.perf_counter() - t) * 1000)
    return samples, out


def median(xs):
    return sorted(xs)[len(xs) // 2]


# --- hand-written SQL ---------------------------------------------------------------------------------------------
IN_COUNTY = "region_id IN (SELECT id FROM regions_region WHERE code BETWEEN %(lo)s AND %(hi)s)"


def hazard_list_sql(p):
    where = f"""h.{IN_COUNTY} AND h.voided_at IS NULL AND h.state = %(state)s AND e.sector = %(sector)s
        AND h.found_on >= %(after)s"""
    return [(f"SELECT COUNT(*) FROM hazards_hazard h JOIN enterprises_enterprise e ON e.id = h.enterprise_id "
             f"WHERE {where}", p),
            (f"""SELECT h.*, e.name, r.name FROM hazards_hazard h JOIN enterprises_enterprise e ON e.id = h.enterprise_id
                JOIN regions_region r ON r.id = h.region_id WHERE {where}
                ORDER BY h.found_on DESC, h.id DESC LIMIT 50""", p)]


def supervision_sql(p):
    hz = f"FROM hazards_hazard h WHERE h.{IN_COUNTY} AND h.voided_at IS NULL"
    cur, prev = "h.found_on BETWEEN %(a)s AND %(b)s", "h.found_on BETWEEN %(pa)s AND %(pb)s"
    agg = ", ".join(f"COUNT(*) FILTER (WHERE {w} AND {c})" for w in (cur, prev) for c in (
        "TRUE", "h.state='closed'", "h.level='major'", "h.level='major' AND h.state='closed'",
        "h.level='general'", "h.level='general' AND h.state='closed'", "h.source='self_inspection'",
        "h.source='department'", "h.supervision_level<>''", "h.deadline < CURRENT_DATE AND h.state<>'closed'"))
    insp = f"FROM inspections_inspection i WHERE i.{IN_COUNTY} AND i.voided_at IS NULL"
    ent = """FROM enterprises_enterprise e JOIN regions_region r ON r.id = e.region_id
        WHERE r.code BETWEEN %(lo)s AND %(hi)s AND e.voided_at IS NULL"""
    case = f"FROM enforcement_enforcementcase c WHERE c.{IN_COUNTY} AND c.voided_at IS NULL"
    return [
        (f"SELECT {agg} {hz} AND ({cur} OR {prev})", p),
        (f"SELECT e.sector, COUNT(*), COUNT(*) FILTER (WHERE h.state='closed') FROM hazards_hazard h "
         f"JOIN enterprises_enterprise e ON e.id = h.enterprise_id WHERE h.{IN_COUNTY} AND h.voided_at IS NULL "
         f"AND {cur} GROUP BY 1", p),
        (f"SELECT date_trunc('month', h.found_on), COUNT(*) {hz} AND ({cur} OR {prev}) GROUP BY 1", p),
        (f"""SELECT substr(r.code, 1, 9), COUNT(*), COUNT(*) FILTER (WHERE h.state='closed') FROM hazards_hazard h
             JOIN regions_region r ON r.id = h.region_id WHERE r.code BETWEEN %(lo)s AND %(hi)s
             AND h.voided_at IS NULL AND {cur} GROUP BY 1""", p),
        (f"""SELECT COUNT(*) FILTER (WHERE i.inspected_on BETWEEN %(a)s AND %(b)s),
             COUNT(DISTINCT i.enterprise_id) FILTER (WHERE i.inspected_on BETWEEN %(a)s AND %(b)s),
             COUNT(*) FILTER (WHERE i.inspected_on BETWEEN %(pa)s AND %(pb)s) {insp}""", p),
        (f"SELECT i.kind, COUNT(*) {insp} AND i.inspected_on BETWEEN %(a)s AND %(b)s GROUP BY 1", p),
        (f"""SELECT date_trunc('month', i.inspected_on), COUNT(*) {insp} AND (i.inspected_on BETWEEN %(a)s AND %(b)s
             OR i.inspected_on BETWEEN %(pa)s AND %(pb)s) GROUP BY 1""", p),
        (f"SELECT e.sector, e.supervising_department_id, substr(r.code, 1, 9), COUNT(*) {ent} GROUP BY 1, 2, 3", p),
        (f"""SELECT c.department_id, COUNT(*) FILTER (WHERE c.filed_on BETWEEN %(a)s AND %(b)s),
             COUNT(*) FILTER (WHERE c.filed_on BETWEEN %(pa)s AND %(pb)s) {case} GROUP BY 1""", p),
        (f"""SELECT c.department_id, p.kind, COUNT(*), SUM(p.amount) FROM enforcement_penalty p
             JOIN enforcement_enforcementcase c ON c.id = p.case_id WHERE c.{IN_COUNTY} AND c.voided_at IS NULL
             AND p.voided_at IS NULL AND (c.decided_on BETWEEN %(a)s AND %(b)s OR c.decided_on BETWEEN %(pa)s AND %(pb)s)
             GROUP BY 1, 2""", p),
        (f"""SELECT m.kind, COUNT(*) FILTER (WHERE m.date BETWEEN %(a)s AND %(b)s),
             COUNT(*) FILTER (WHERE m.date BETWEEN %(pa)s AND %(pb)s) FROM enforcement_measure m
             WHERE m.{IN_COUNTY} AND m.voided_at IS NULL GROUP BY 1""", p),
    ]


def accident_sql(p):
    sums = "COUNT(*), SUM(deaths), SUM(missing), SUM(serious_injuries), SUM(injuries), SUM(direct_loss)"
    both = "(occurred_at >= %(ta)s AND occurred_at < %(tb)s OR occurred_at >= %(tpa)s AND occurred_at < %(tpb)s)"
    base = f"FROM accidents_accident WHERE {IN_COUNTY} AND voided_at IS NULL AND {both}"
    per = f"""{sums.replace('COUNT(*)', 'COUNT(*) FILTER (WHERE occurred_at >= %(ta)s)')}"""
    return [(f"SELECT {per}, COUNT(*) FILTER (WHERE occurred_at < %(tpb)s) {base}", p),
            (f"SELECT sector, occurred_at >= %(ta)s, {sums} {base} GROUP BY 1, 2", p),
            (f"SELECT grade, occurred_at >= %(ta)s, {sums} {base} GROUP BY 1, 2", p),
            (f"SELECT date_trunc('month', occurred_at), COUNT(*), SUM(deaths) {base} GROUP BY 1", p),
            (f"SELECT * FROM accidents_accident WHERE {IN_COUNTY} AND voided_at IS NULL AND grade <= 3 "
             f"AND occurred_at >= %(ta)s AND occurred_at < %(tb)s ORDER BY occurred_at", p)]


# --- measurement --------------------------------------------------------------------------------------------------
def _measure(args, url):
    import psycopg

    setup_django(DATABASE_URL=url, DB_CONN_MAX_AGE=600)
    from django.db import connection
    from django.test import Client

    from yingji.platform.regions import codes

    t = time.perf_counter()
    migrate()
    yield f"scratch database {url} migrated in {time.perf_counter() - t:.1f} s"
    rnd = random.Random(SEED)
    t = time.perf_counter()
    county, towns, villages, bureau, counts = populate(args.scale, rnd)
    loaded = time.perf_counter() - t
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    from yingji.supervision.hazards.models import Hazard

    yield (f"scale {args.scale:g}: {counts['enterprises']:,} enterprises, {counts['hazards']:,} hazards "
           f"({counts['hazard_events']:,} steps), {counts['accidents']:,} accidents, {counts['inspections']:,} "
           f"inspections, {counts['cases']:,} cases over {len(villages):,} villages, loaded in {loaded:.1f} s, "
           f"analysed in {time.perf_counter() - t - loaded:.1f} s; PostgreSQL {connection.pg_version // 10000}")

    user, token = make_user("bench-leader", "leader", county)
    lo, hi = codes.subtree_bounds(county.code, county.level)
    client = Client()
    n = max(10, int(REQUESTS))
    with psycopg.connect(url, autocommit=True) as conn:
        # (a) the filtered hazard list
        p = {"lo": lo, "hi": hi, "state": "pending", "sector": "hazchem_use", "after": date(2025, 1, 1)}
        api_url = "/api/v1/hazards/?state=pending&sector=hazchem_use&found_after=2025-01-01"
        with maybe_profile(args.profile, "the hazard list API"):
            api_ms, body = time_get(client, token, api_url, n)
        sql_ms, out = time_sql(conn, hazard_list_sql(p), n)
        assert body["count"] == out[0][0][0], (body["count"], out[0][0][0])
        yield Figure("hazards.api.filtered.p95", p95(api_ms), p95(sql_ms), "ms", "COUNT + page SQL via psycopg",
                     f"{body['count']:,} of the county's hazards match; {n} requests; median "
                     f"{median(api_ms):.1f} vs {median(sql_ms):.1f} ms")

        # (b) the supervision statistics of one year of one county
        yp = {"lo": lo, "hi": hi, "a": date(2025, 1, 1), "b": date(2025, 12, 31), "pa": date(2024, 1, 1),
              "pb": date(2024, 12, 31)}
        stats_url = f"/api/v1/supervision-stats/?start=2025-01-01&end=2025-12-31&region={county.code}"
        with maybe_profile(args.profile, "the supervision statistics"):
            api_ms, body = time_get(client, token, stats_url, REPEATS, warmup=1)
        sql_ms, out = time_sql(conn, supervision_sql(yp), REPEATS, warmup=1)
        found = {f["id"]: f["value"] for f in body["results"]}["hazards.found"]
        assert found == out[0][0][0], (found, out[0][0][0])
        yield Figure("supervision.stats.county.year", median(api_ms), median(sql_ms), "ms",
                     f"{len(supervision_sql(yp))} aggregate SQL statements",
                     f"median of {REPEATS}; {found:,} hazards found in the year, the figures of both years, "
                     f"by sector, month, township and department")

        # (d) the accident statistics of one year of one county
        from yingji.platform.core.periods import local_bounds

        ta, tb = local_bounds(date(2025, 1, 1), date(2025, 12, 31))
        tpa, tpb = local_bounds(date(2024, 1, 1), date(2024, 12, 31))
        ap = {"lo": lo, "hi": hi, "ta": ta, "tb": tb, "tpa": tpa, "tpb": tpb}
        acc_url = f"/api/v1/accident-stats/?start=2025-01-01&end=2025-12-31&region={county.pk}"
        with maybe_profile(args.profile, "the accident statistics"):
            api_ms, body = time_get(client, token, acc_url, REPEATS, warmup=1)
        sql_ms, out = time_sql(conn, accident_sql(ap), REPEATS, warmup=1)
        assert body["totals"]["count"] == out[0][0][0], (body["totals"]["count"], out[0][0][0])
        yield Figure("accidents.stats.county.year", median(api_ms), median(sql_ms), "ms",
                     f"{len(accident_sql(ap))} aggregate SQL statements",
                     f"median of {REPEATS}; {body['totals']['count']:,} accidents in the year")

    # (e) one county's annual report
    from yingji.analysis.reports.docx import write_docx
    from yingji.analysis.reports.engine import annual_report

    with maybe_profile(args.profile, "the annual report"):
        with stopwatch() as built:
            report = annual_report(user, county, 2025)
        with stopwatch() as written:
            write_docx(report)
    total = built["seconds"] + written["seconds"]
    yield Figure("report.annual.county", total, 10.0, "s", "target of issue 4 (not measured)",
                 f"figures {built['seconds']:.2f} s ({built['cpu']:.2f} s CPU), .docx {written['seconds']:.2f} s; "
                 f"{Hazard.objects.count():,} hazards and {counts['accidents']:,} accidents in the database")

    # (c) the enterprise ledger import
    yield from _import(args, county, towns, bureau, user)


def _import(args, county, towns, bureau, user):
    import openpyxl
    from django.db import connection

    from yingji.platform.core import imports
    from yingji.platform.core.validators import with_check_character

    spec = imports.get("enterprises")
    rows = args.import_rows or _n(IMPORT_ROWS, args.scale)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([str(c.header) for c in spec.columns])
    data = []
    county_towns = [t for t in towns if t.code.startswith(county.code[:6])]
    for i in range(rows):
        town = county_towns[i % len(county_towns)]
        code = with_check_character(f"92990101{i:09d}")
        values = {"name": f"导入企业{i}有限公司", "credit_code": code, "address": f"{town.name}{i}号",
                  "region": town.code, "sector": "危险化学品使用", "supervising_department": bureau.name,
                  "principal_name": "李四"}
        data.append(values)
        ws.append([values.get(c.field, "") for c in spec.columns])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    with maybe_profile(args.profile, "the enterprise import"):
        with stopwatch() as t:
            result = imports.run(spec, buf, "enterprises.xlsx", user)
    assert result.ok, result.errors[:5]
    # the baseline: the same rows inserted with one executemany, no validation, no audit
    cols = ("name", "credit_code", "address", "region_id", "sector", "subsector", "size", "supervising_department_id",
            "risk_grade", "status", "standardisation_grade", "insurer", "insurance_policy", "principal_name",
            "principal_phone", "notes", "void_reason", "created_at", "updated_at", "filed_on")
    now = datetime.now(UTC)
    raw = [(f"裸插企业{i}", with_check_character(f"93990101{i:09d}"), d["address"], county_towns[i % len(
        county_towns)].pk, "hazchem_use", "", "small", bureau.pk, "D", "operating", "none", "", "", "李四", "", "", "",
            now, now, now.date()) for i, d in enumerate(data)]
    sql = (f"INSERT INTO enterprises_enterprise ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})")
    with stopwatch() as b:
        with connection.cursor() as cur:
            cur.executemany(sql, raw)
    yield Figure("enterprises.import.xlsx.pg", rows / t["seconds"], rows / b["seconds"], "rows/s",
                 "executemany INSERT of the same rows",
                 f"{rows:,} rows in {t['seconds']:.1f} s wall, {t['cpu']:.1f} s CPU; raw insert {b['seconds']:.2f} s")
