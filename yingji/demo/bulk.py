"""The bulk supervision history at city or province scale: `yingji demo --scale N` (N > 1) and the benchmarks call
load(). Each app writes its own tables (its `bulk.py`, registered in platform/core/bulkload.py, run in order:
enterprises, inspections, hazards, enforcement cases and measures, accidents); this module builds the counties they
fill and runs them in one transaction.

One unit of scale is one county's worth of a large industrial county in Zhejiang: 5,000 enterprises under
supervision and, over three years, 50,000 hazards (most from the enterprises' own 自查), 5,000 inspections, 1,000
enforcement cases and 500 measures. N=20 → 100,000 enterprises and 1,000,000 hazards, spread over 20 counties (no
county bureau supervises 100,000 enterprises; a city of ten counties and a second one do).

The rows are fixtures, not records people entered: they bypass the model layer (no save(), no per-row ObjectChange).
Whatever save() and the services would have filled in is computed by the writers: denormalised regions, numbers,
time limits from the stored TimeLimitRule / AccidentGradeRule / ReportingRule rows, accident grades. One AuditEvent
(kind 导入) records the load with its counts. Nothing here prints or logs personal data (names, phones): only counts.
"""

import math
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from yingji.platform.core import bulkload
from yingji.platform.core.bulkload import Volumes
from yingji.supervision.enterprises.bulk import credit_code, organisation_code

# one unit of `--scale`: one large county's three years
PER_SCALE = Volumes.per_scale()
ENTERPRISES_PER_COUNTY = PER_SCALE.enterprises


@dataclass
class County:
    """A county the loader fills: its regions, the bureau and industry departments, and the staff who act."""

    region: object
    townships: list
    villages: dict  # township pk -> [village]
    bureau: object
    departments: dict  # Industry -> Organisation
    inspectors: list  # at least two enforcement officers of the bureau
    officers: dict  # township pk -> the township's 应急办 user (submits rectifications for acceptance)
    weight: float = 1.0
    share: dict = field(default_factory=dict)


# --- regions, organisations and staff ------------------------------------------------------------------------------
def build_county(parent, code6, name, townships, villages_per_township, rnd, *, short=None):
    """A new county under `parent` (regions, bureau, industry departments, township offices, staff), or the
    existing one with that code."""
    from yingji.platform.accounts.choices import Industry, OrgKind
    from yingji.platform.accounts.demo import DEPARTMENTS, _village_name
    from yingji.platform.accounts.models import Organisation
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    county = Region.objects.filter(code=f"{code6}000000").first()
    if county is None:
        county = Region.objects.create(code=f"{code6}000000", name=name, level=Level.COUNTY, parent=parent)
        towns = Region.objects.bulk_create([
            Region(code=f"{code6}{tcode}000", name=tname, level=Level.TOWNSHIP, parent=county)
            for tcode, tname in townships])
        villages = []
        for t in towns:
            used = set()
            for i in range(1, villages_per_township + 1):
                number = i if t.code[6:9] < "100" else 200 + i
                vname = _village_name(rnd, used)
                if number < 200:
                    vname = vname.rstrip("村") + ("" if vname.endswith("社区") else "社区")
                villages.append(Region(code=f"{t.code[:9]}{number:03d}", name=vname, level=Level.VILLAGE,
                                       parent=t))
        Region.objects.bulk_create(villages, batch_size=5000)
        short = short or name
        orgs = [Organisation(region=county, name=f"{short}应急管理局", short_name=f"{short[:2]}应急局",
                             kind=OrgKind.BUREAU, industry=Industry.EMERGENCY)]
        orgs += [Organisation(region=county, name=f"{short}{dname[1:]}", kind=OrgKind.INDUSTRY, industry=industry)
                 for industry, dname in DEPARTMENTS]
        orgs += [Organisation(region=t, name=f"{t.name}应急管理办公室", short_name=f"{t.name}应急办",
                              kind=OrgKind.TOWNSHIP_OFFICE) for t in towns]
        Organisation.objects.bulk_create(orgs)
    return county_from_db(county, rnd)


def county_from_db(county, rnd, *, inspectors=None, officers=None):
    """The County of an existing county region: its regions and units from the database; staff created where
    missing (two enforcement officers, one 应急办 user per township), unless given."""
    from yingji.platform.accounts.choices import OrgKind
    from yingji.platform.accounts.models import Organisation
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    below = Region.objects.subtree(county).filter(level__in=[Level.TOWNSHIP, Level.VILLAGE]).order_by("code")
    townships = [r for r in below if r.level == Level.TOWNSHIP]
    villages = {t.pk: [] for t in townships}
    for r in below:
        if r.level == Level.VILLAGE and r.parent_id in villages:
            villages[r.parent_id].append(r)
    orgs = list(Organisation.objects.filter(region__in=[county, *townships]).order_by("pk"))
    bureau = next(o for o in orgs if o.kind == OrgKind.BUREAU and o.region_id == county.pk)
    departments = {}
    for o in orgs:
        if o.kind == OrgKind.INDUSTRY and o.region_id == county.pk:
            departments.setdefault(o.industry, o)
    offices = {o.region_id: o for o in orgs if o.kind == OrgKind.TOWNSHIP_OFFICE}
    code6 = county.code[:6]
    inspectors = list(inspectors or []) + _staff(
        [(f"zf{code6}{i}", county, bureau, "enforcement", "执法队员") for i in (1, 2)][:max(0, 2 - len(inspectors or []))],
        rnd)
    officers = dict(officers or {})
    missing = [t for t in townships if t.pk not in officers]
    for t, user in zip(missing, _staff([(f"yjb{t.code[:9]}", t, offices.get(t.pk), "township", "应急办工作人员")
                                        for t in missing], rnd)):
        officers[t.pk] = user
    return County(region=county, townships=townships, villages=villages, bureau=bureau, departments=departments,
                  inspectors=inspectors, officers=officers)


def _staff(specs, rnd):
    """Users (username, region, organisation, role, title), created if missing, without a usable password."""
    from yingji.platform.accounts.models import Role, User
    from yingji.supervision.enterprises.demo import person

    if not specs:
        return []
    existing = {u.username: u for u in User.objects.filter(username__in=[s[0] for s in specs])}
    new = [User(username=u, full_name=person(rnd), region=region, organisation=org, title=title,
                password=make_password(None))
           for u, region, org, _role, title in specs if u not in existing]
    if new:
        User.objects.bulk_create(new)
        groups = {r.code: r.group_id for r in Role.objects.all()}
        roles = {s[0]: s[3] for s in specs}
        through = User.groups.through
        through.objects.bulk_create([through(user_id=u.pk, group_id=groups[roles[u.username]]) for u in new])
        existing.update({u.username: u for u in new})
    return [existing[s[0]] for s in specs]


# --- the load -----------------------------------------------------------------------------------------------------
def load(counties, volumes, *, seed=20261123, today=None, stdout=None):
    """Write `volumes` of supervision history over `counties` (a list of County) and return the row counts.

    One transaction: the tables are written in batches, children before all their parents may be (the foreign keys
    are checked at commit)."""
    with transaction.atomic():
        return _load(counties, volumes, seed=seed, today=today, stdout=stdout)


def _load(counties, volumes, *, seed, today, stdout):
    rnd = random.Random(seed)
    if connection.vendor == "sqlite":
        # a page cache large enough for the indexes of a million rows (the default 2 MB makes every insert a read)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    run = bulkload.Run(counties=counties, volumes=volumes, rnd=rnd, now=timezone.now(),
                       today=today or timezone.localdate(), stdout=stdout)
    for c in counties:
        c.weight = rnd.uniform(0.8, 1.2)
    for key, writer in bulkload.writers():
        writer(run, getattr(volumes, key))

    from yingji.platform.audit.models import AuditEvent
    from yingji.platform.audit.recorder import record_event

    record_event(AuditEvent.Kind.IMPORT, target="演示数据批量生成",
                 detail={"source": "yingji.demo.bulk", "seed": seed, "counties": [c.region.code for c in counties],
                         "counts": run.counts},
                 region_id=counties[0].region.parent_id if len(counties) > 1 else counties[0].region.pk)
    return run.counts


def analyze():
    """Fresh planner statistics after the load (SQLite: sampled, a few thousand rows per index)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 2000")
        cursor.execute("ANALYZE")


# --- the demo's counties ----------------------------------------------------------------------------------------
def demo_counties(ctx, n):
    """The demo county and n-1 synthetic counties: ten to a city, the first city the demo county's own (台州)."""
    from yingji.platform.accounts.demo import TOWNSHIPS
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    rnd = random.Random(ctx.random.random())
    users = getattr(ctx, "users", {}) or {}
    inspectors = [u for u in (users.get("inspector"), users.get("inspector2")) if u is not None]
    officers = {ctx.townships[0].pk: users["township"]} if users.get("township") else {}
    counties = [county_from_db(ctx.county, rnd, inspectors=inspectors, officers=officers)]
    for k in range(1, n):
        city_no, county_no = divmod(k, 10)
        if city_no == 0:
            parent, code6 = ctx.city, f"3310{40 + county_no:02d}"  # 331041–49: no real county
        else:
            code4 = f"33{90 + city_no:02d}"  # 3391–3399: no real city of 浙江 (3301–3311)
            parent, _created = Region.objects.get_or_create(code=f"{code4}00000000", defaults={
                "name": f"示范市{city_no}", "level": Level.CITY, "parent": ctx.province})
            code6 = f"{code4}{county_no + 1:02d}"
        name = f"示范{k}县"
        counties.append(build_county(parent, code6, name, TOWNSHIPS, 13, rnd))
    return counties


def counties_needed(scale):
    return max(1, math.ceil(scale))


def already_loaded(county):
    """True when the bulk history of `county` is there (its first bulk enterprise exists)."""
    from yingji.supervision.enterprises.models import Enterprise

    return Enterprise.objects.filter(credit_code=credit_code(county.code[:6], 1)).exists()


__all__ = ["PER_SCALE", "County", "Volumes", "analyze", "already_loaded", "build_county", "counties_needed",
           "county_from_db", "credit_code", "demo_counties", "load", "organisation_code"]
