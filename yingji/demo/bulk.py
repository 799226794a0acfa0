"""The bulk supervision history: enterprises, inspections, hazards, enforcement cases, measures and accidents at
city scale, written straight into the tables (COPY on PostgreSQL, executemany on SQLite).

`yingji demo --scale N` (N > 1) and the `supervision` benchmark both call load(). One unit of scale is one county's
worth of a large industrial county in Zhejiang: 5,000 enterprises under supervision and, over three years, 50,000
hazards (most from the enterprises' own 自查), 5,000 inspections, 1,000 enforcement cases and 500 measures.
N=20 → 100,000 enterprises and 1,000,000 hazards, spread over 20 counties (no county bureau supervises 100,000
enterprises; a city of ten counties and a second one do).

The rows are fixtures, not records people entered: they bypass the model layer (no save(), no per-row ObjectChange).
Whatever save() and the services would have filled in is computed here: denormalised regions, numbers, time
limits from the stored TimeLimitRule / AccidentGradeRule / ReportingRule rows, accident grades. One AuditEvent
(kind 导入) records the load with its counts. Nothing here prints or logs personal data (names, phones): only counts.
"""

import datetime
import itertools
import json
import math
import random
from dataclasses import dataclass, field
from dataclasses import fields as dc_fields
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

YEARS = 3
BATCH = 20_000
ORIGINS = ["inspection"] * 6 + ["report", "other"]  # 案件来源 (a case from a hazard would name the hazard)


@dataclass
class Volumes:
    """How many of each record one load writes (totals over all counties)."""

    enterprises: int = 5_000
    hazards: int = 50_000
    inspections: int = 5_000
    cases: int = 1_000
    measures: int = 500
    accidents: int = 250

    def scaled(self, scale):
        return Volumes(**{f.name: max(1, int(round(getattr(self, f.name) * scale))) for f in dc_fields(self)})


# one unit of `--scale`: one large county's three years
PER_SCALE = Volumes()
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


# --- writing rows fast -------------------------------------------------------------------------------------------
class Table:
    """Rows of one model written without model instances: explicit ids, COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model, columns):
        self.model = model
        meta = model._meta
        self.fields = [meta.get_field(c) if c != "id" else meta.pk for c in columns]
        self.columns = [f.column for f in self.fields]
        self.rows = []
        self.written = 0
        self.next_id = (model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.vendor = connection.vendor
        self.convert = []
        for i, f in enumerate(self.fields):
            kind = f.get_internal_type()
            if kind == "JSONField":
                self.convert.append((i, lambda v: json.dumps(v, ensure_ascii=False)))
            elif kind == "DateTimeField" and self.vendor != "postgresql":
                self.convert.append((i, _naive_utc))

    def new_id(self):
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        rows = self.rows
        if self.convert:
            conv = self.convert
            out = []
            for r in rows:
                r = list(r)
                for i, fn in conv:
                    if r[i] is not None:
                        r[i] = fn(r[i])
                out.append(r)
            rows = out
        q = connection.ops.quote_name
        table, cols = q(self.model._meta.db_table), ", ".join(q(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
            else:
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(cols.split(', ')))})",
                                   rows)
        self.written += len(rows)
        self.rows = []

    def close(self):
        self.flush()
        if self.vendor == "postgresql" and self.written:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                    cursor.execute(sql)
        return self.written


def _naive_utc(value):
    """What Django stores for an aware datetime on SQLite (USE_TZ): the UTC time, without an offset."""
    if value.tzinfo is not datetime.UTC:
        value = value.astimezone(datetime.UTC)
    return str(value.replace(tzinfo=None))


def _through(model_field, left, right):
    through = model_field.remote_field.through
    return Table(through, ["id", f"{left}_id", f"{right}_id"])


# --- credit codes ------------------------------------------------------------------------------------------------
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(first8):
    """The 9-character 组织机构代码 (GB 11714) of its first 8 characters: the 9th is its check character."""
    c = 11 - sum(ORG_ALPHABET.index(ch) * w for ch, w in zip(first8, ORG_WEIGHTS)) % 11
    return first8 + ("X" if c == 10 else "0" if c == 11 else str(c))


def credit_code(code6, n):
    """A valid 统一社会信用代码 (GB 32100) of a 企业 (91) registered in county `code6`: the embedded organisation code
    is '9' and a 7-digit serial with its GB 11714 check character, the last character the GB 32100 check. (The base
    demo's codes carry 'MA…' organisation codes, so the two never meet.)"""
    from yingji.platform.core.validators import with_check_character

    return with_check_character(f"91{code6}{organisation_code(f'9{n:07d}')}")


# --- time limits read from the rule tables, once -----------------------------------------------------------------
class _CaseRules:
    def __init__(self):
        from yingji.platform.workdays.services import snapshot
        from yingji.supervision.enforcement.models import TimeLimitRule

        self.rules = list(TimeLimitRule.objects.filter(region__isnull=True, voided_at__isnull=True))
        self.calendar = snapshot()  # the holiday calendar, read once (working-day limits)

    def rule(self, code, on):
        """The national row of `code` in force on `on`, chosen as TimeLimitRule.objects.rule_for() chooses."""
        from yingji.platform.core.rules import most_specific

        return most_specific(r for r in self.rules if r.code == code and r.in_force_on(on))

    def deadline(self, code, start):
        from yingji.supervision.enforcement.choices import DayKind

        r = self.rule(code, start)
        if r is None:
            return None, None
        if r.day_kind == DayKind.WORKING:
            return self.calendar.add(start, r.days or 0), r
        return start + datetime.timedelta(days=r.days or 0), r


# --- the load -----------------------------------------------------------------------------------------------------
def _apportion(total, weights):
    """Split `total` by `weights` into integers that add up to it (largest remainders)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:total - sum(out)]:
        out[i] += 1
    return out


def _weekday(d):
    while d.weekday() >= 5:
        d += datetime.timedelta(days=1)
    return d


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
    today = today or timezone.localdate()
    now = timezone.now()
    tz = datetime.UTC  # times of day are written in UTC (the local 09:00 is 01:00 UTC): no zone conversion per row
    counts = {}

    def say(text):
        if stdout is not None:
            stdout.write(f"  {text}")

    for c in counties:
        c.weight = rnd.uniform(0.8, 1.2)
    ents = _enterprises(counties, volumes.enterprises, rnd, now, today)
    counts["enterprises"] = len(ents)
    say(f"企业 {len(ents):,}")
    visits = _inspections(ents, counties, volumes.inspections, rnd, now, today, counts)
    say(f"检查记录 {counts['inspections']:,}")
    _hazards(ents, counties, visits, volumes.hazards, rnd, now, today, tz, counts)
    say(f"隐患 {counts['hazards']:,}（流转记录 {counts['hazard_events']:,}）")
    _cases(ents, counties, volumes.cases, rnd, today, tz, counts)
    _measures(ents, counties, volumes.measures, rnd, now, today, counts)
    say(f"执法案件 {counts['cases']:,}（处罚 {counts['penalties']:,}），措施 {counts['measures']:,}")
    _accidents(counties, volumes.accidents, rnd, now, tz, counts)
    say(f"事故 {counts['accidents']:,}")

    from yingji.platform.audit.models import AuditEvent
    from yingji.platform.audit.recorder import record_event

    record_event(AuditEvent.Kind.IMPORT, target="演示数据批量生成",
                 detail={"source": "yingji.demo.bulk", "seed": seed, "counties": [c.region.code for c in counties],
                         "counts": counts},
                 region_id=counties[0].region.parent_id if len(counties) > 1 else counties[0].region.pk)
    return counts


def analyze():
    """Fresh planner statistics after the load (SQLite: sampled, a few thousand rows per index)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 2000")
        cursor.execute("ANALYZE")


@dataclass(slots=True)
class _Ent:
    pk: int
    county: int
    region_id: int
    township_id: int
    sector: str
    dept_id: int
    name: str
    principal: str
    weight: float


def _enterprises(counties, total, rnd, now, today):
    from yingji.supervision.enterprises import demo as E
    from yingji.supervision.enterprises.choices import OperatingStatus, Sector, Size, StandardisationGrade
    from yingji.supervision.enterprises.models import Enterprise

    cols = ["id", "name", "credit_code", "address", "region", "longitude", "latitude", "sector", "subsector", "size",
            "supervising_department", "risk_grade", "status", "standardisation_grade", "insurer", "insurance_policy",
            "insurance_expiry", "principal_name", "principal_phone", "notes", "filed_on", "created_at", "updated_at",
            "void_reason"]
    table = Table(Enterprise, cols)
    weights = [w for _s, w, _i, _n in E.PROFILE]
    sub_keys, sub_weights = list(E.SUBSECTOR_WEIGHTS), list(E.SUBSECTOR_WEIGHTS.values())
    grade_weight = {"A": 3.0, "B": 2.0, "C": 1.2, "D": 1.0}
    standard = [StandardisationGrade.LEVEL2, StandardisationGrade.LEVEL3, StandardisationGrade.LEVEL3,
                StandardisationGrade.SMALL, StandardisationGrade.NONE]
    ents = []
    per_county = _apportion(total, [c.weight for c in counties])
    for ci, (c, n_here) in enumerate(zip(counties, per_county)):
        code6 = c.region.code[:6]
        # industry gathers in a few townships (开发区, 工业功能区): Zipf-like weights over a shuffled order
        towns = list(c.townships)
        rnd.shuffle(towns)
        town_w = [1 / (rank + 1) ** 0.8 for rank in range(len(towns))]
        used = set()
        start = Enterprise.objects.filter(credit_code__startswith=f"91{code6}9").count() + 1
        for k, town in enumerate(rnd.choices(towns, weights=town_w, k=n_here)):
            sector, _w, industry, suffixes = rnd.choices(E.PROFILE, weights=weights)[0]
            subsector = ""
            if sector == Sector.INDUSTRY_TRADE:
                subsector = rnd.choices(sub_keys, weights=sub_weights)[0]
                suffix = E.SUBSECTOR_SUFFIX[subsector]
            else:
                suffix = rnd.choice(suffixes)
            places = c.villages.get(town.pk) or [town]
            region = town if rnd.random() < 0.15 else rnd.choice(places)
            name = f"{town.name[:2]}{rnd.choice(E.WORDS)}{rnd.choice(E.WORDS)}{suffix}"
            if name in used:
                name = f"{c.region.name[:2]}{town.name[:2]}{rnd.choice(E.WORDS)}{suffix}"
            if name in used:
                name = f"{name[:-len(suffix)]}{k}{suffix}"
            used.add(name)
            high_risk = sector in (Sector.HAZCHEM_PRODUCTION, Sector.NON_COAL_MINE, Sector.FIREWORKS)
            grade = rnd.choices("ABCD", weights=[3, 5, 3, 1] if high_risk else [1, 3, 8, 12])[0]
            status = rnd.choices([OperatingStatus.OPERATING, OperatingStatus.SUSPENDED, OperatingStatus.CLOSED],
                                 weights=[90, 6, 4])[0]
            insured = sector != Sector.OTHER and rnd.random() < 0.85
            dept = c.departments.get(industry, c.bureau) if industry else c.bureau
            principal = E.person(rnd)
            created = now - datetime.timedelta(days=rnd.randint(4 * 365, 9 * 365), minutes=rnd.randint(0, 600))
            pk = table.new_id()
            serial = start + k
            table.add((
                pk, name, credit_code(code6, serial), f"{town.name}{rnd.choice(E.STREETS)}{rnd.randint(1, 300)}号",
                region.pk, Decimal(121_000_000 + rnd.randint(0, 900_000)) / 1_000_000,
                Decimal(28_200_000 + rnd.randint(0, 900_000)) / 1_000_000, sector, subsector,
                Size.ABOVE_SCALE if rnd.random() < 0.3 else Size.SMALL, dept.pk, grade, status, rnd.choice(standard),
                rnd.choice(E.INSURERS) if insured else "", f"PZAA{today.year}{code6}{serial:07d}" if insured else "",
                today + datetime.timedelta(days=rnd.randint(-30, 365)) if insured else None, principal,
                E.phone(rnd), "", timezone.localdate(created), created, created, ""))
            ents.append(_Ent(pk, ci, region.pk, town.pk, sector, dept.pk, name, principal, grade_weight[grade]))
    table.close()
    return ents


def _pick(ents, rnd, k):
    """`k` enterprises drawn with their risk weights (A-grade ones are visited and found wanting more often)."""
    cum = list(itertools.accumulate(e.weight for e in ents))
    return rnd.choices(ents, cum_weights=cum, k=k)


def _date_in_years(rnd, today, start_days=1):
    return today - datetime.timedelta(days=rnd.randint(start_days, YEARS * 365))


def _inspections(ents, counties, total, rnd, now, today, counts):
    from yingji.supervision.inspections.choices import InspectionKind
    from yingji.supervision.inspections.demo import FINDINGS
    from yingji.supervision.inspections.models import Inspection

    cols = ["id", "enterprise", "region", "inspected_on", "kind", "site_contact", "findings", "order_items",
            "rectify_deadline", "document_no", "created_at", "updated_at", "void_reason"]
    table = Table(Inspection, cols)
    link = _through(Inspection._meta.get_field("inspectors"), "inspection", "user")
    kinds = [InspectionKind.ENFORCEMENT, InspectionKind.SPECIAL, InspectionKind.UNANNOUNCED,
             InspectionKind.SUPERVISION, InspectionKind.SELF]
    visits = {}  # enterprise pk -> [(date, inspection pk)] of the bureau's visits
    for n, e in enumerate(_pick(ents, rnd, total), start=1):
        day = _weekday(_date_in_years(rnd, today, 2))
        if day >= today:
            day -= datetime.timedelta(days=3)
        kind = rnd.choices(kinds, weights=[62, 14, 9, 5, 10])[0]
        found = rnd.sample(FINDINGS, k=rnd.choice([0, 1, 1, 2, 3])) if kind != InspectionKind.SELF else []
        ordered = bool(found) and rnd.random() < 0.6
        at = datetime.datetime.combine(day, datetime.time(8, rnd.randint(0, 59)), tzinfo=now.tzinfo)  # 16:xx
        pk = table.new_id()
        table.add((pk, e.pk, e.region_id, day, kind, e.principal,
                   "\n".join(f"{i}. {f}" for i, f in enumerate(found, start=1)) or
                   ("企业自查，未发现重大事故隐患。" if kind == InspectionKind.SELF else "未发现明显问题。"),
                   "\n".join(found) if ordered else "",
                   day + datetime.timedelta(days=rnd.choice([7, 15, 30])) if ordered else None,
                   f"（{day.year}）应急责改〔{n}〕号" if ordered else "", at, at, ""))
        if kind != InspectionKind.SELF:
            staff = counties[e.county].inspectors
            for u in (staff[:2] if kind == InspectionKind.ENFORCEMENT else rnd.sample(staff, k=rnd.choice([1, 2]))):
                link.add((link.new_id(), pk, u.pk))
            visits.setdefault(e.pk, []).append((day, pk))
    counts["inspections"] = table.close()
    link.close()
    return visits


def _hazards(ents, counties, visits, total, rnd, now, today, tz, counts):
    from yingji.supervision.enterprises.choices import HAZCHEM_SECTORS, Sector
    from yingji.supervision.hazards import demo as H
    from yingji.supervision.hazards.choices import HazardLevel, HazardSource, HazardState, SupervisionLevel
    from yingji.supervision.hazards.models import Hazard, HazardEvent, MajorHazardCriterion
    from yingji.supervision.inspections.models import Inspection

    cols = ["id", "enterprise", "region", "description", "category", "level", "criterion", "major_basis", "source",
            "found_by", "found_by_name", "found_on", "photo", "deadline", "responsible_person", "plan_responsibility",
            "plan_measures", "plan_funds", "plan_time_limit", "plan_contingency", "evidence", "evidence_file",
            "state", "submitted_by", "submitted_at", "accepted_by", "closed_at", "supervision_level",
            "supervising_unit", "supervision_deadline", "created_at", "updated_at", "void_reason"]
    table = Table(Hazard, cols)
    # the demo's steps were entered as they happened: recorded_at is at
    events = Table(HazardEvent, ["id", "hazard", "transition", "from_state", "to_state", "actor", "at",
                                 "recorded_at", "note", "region"])
    found_in = _through(Inspection._meta.get_field("hazards"), "inspection", "hazard")
    criteria = {"chem": [], "trade": []}
    for cr in MajorHazardCriterion.objects.order_by("pk"):
        if cr.standard == "chemicals":
            criteria["chem"].append(cr)
        elif cr.standard == "industry_trade":
            criteria["trade"].append(cr)
    cat_keys, cat_weights = list(H.CATEGORY_WEIGHTS), list(H.CATEGORY_WEIGHTS.values())
    sources = [HazardSource.SELF_INSPECTION, HazardSource.DEPARTMENT, HazardSource.SUPERVISION,
               HazardSource.PUBLIC_REPORT]
    moves = {"start": ("pending", "in_progress"), "submit": ("in_progress", "awaiting_acceptance"),
             "accept": ("awaiting_acceptance", "closed"), "reject": ("awaiting_acceptance", "in_progress")}
    paths = {HazardState.PENDING: [], HazardState.IN_PROGRESS: ["start"],
             HazardState.AWAITING_ACCEPTANCE: ["start", "submit"], HazardState.CLOSED: ["start", "submit", "accept"]}
    n_events = 0
    for e in _pick(ents, rnd, total):
        county = counties[e.county]
        source = rnd.choices(sources, weights=[52, 35, 8, 5])[0]
        visit = None
        if source == HazardSource.DEPARTMENT and e.pk in visits:
            visit = rnd.choice(visits[e.pk])
            found_on = visit[0]
        else:
            found_on = _date_in_years(rnd, today, 0)
        age = (today - found_on).days
        category = rnd.choices(cat_keys, weights=cat_weights)[0]
        pool = criteria["chem"] if e.sector in HAZCHEM_SECTORS else \
            criteria["trade"] if e.sector == Sector.INDUSTRY_TRADE else []
        level, criterion, major_basis, sup = HazardLevel.GENERAL, None, "", ("", "", None)
        if rnd.random() < 0.04:
            pool = [c for c in pool if c.in_force_on(found_on) and c.applies_to(e.sector)]
            if pool:
                level, criterion = HazardLevel.MAJOR, rnd.choice(pool)
            elif e.sector in (Sector.GAS, Sector.CROWDED, Sector.CONSTRUCTION):
                level, major_basis = HazardLevel.MAJOR, "《重大事故隐患判定标准》（行业主管部门）相应条款"
            if level == HazardLevel.MAJOR and rnd.random() < 0.5:
                city = rnd.random() < 0.2
                sup = (SupervisionLevel.CITY if city else SupervisionLevel.COUNTY,
                       "市安全生产委员会办公室" if city else f"{county.region.name}安全生产委员会办公室",
                       found_on + datetime.timedelta(days=90))
        major = level == HazardLevel.MAJOR
        state = H._state(rnd, age)
        if major and state == HazardState.CLOSED and age < 90:
            state = HazardState.IN_PROGRESS
        deadline = found_on + datetime.timedelta(days=rnd.choice([3, 7, 15, 30, 60]) * (3 if major else 1))
        if state == HazardState.PENDING and rnd.random() < 0.5:
            deadline = None
        staff = county.inspectors
        finder = rnd.choice(staff) if source in (HazardSource.DEPARTMENT, HazardSource.SUPERVISION) else None
        submitter = county.officers.get(e.township_id) or staff[0]
        acceptor = rnd.choice([u for u in staff if u.pk != submitter.pk])
        description = criterion.text if criterion else rnd.choice(H.DESCRIPTIONS[category])
        planned = state != HazardState.PENDING
        pk = table.new_id()
        found_at = datetime.datetime.combine(found_on, datetime.time(1, rnd.randint(0, 59)), tzinfo=tz)  # 09:xx
        t = found_at
        path = paths[state]
        if state == HazardState.CLOSED and rnd.random() < 0.1:
            path = ["start", "submit", "reject", "submit", "accept"]
        step = max(1, min(age, 20))
        submitted_at = closed_at = None
        for name in path:
            t = min(t + datetime.timedelta(days=rnd.randint(1, step), hours=rnd.randint(0, 6)), now)
            frm, to = moves[name]
            actor = acceptor if name in ("accept", "reject") else submitter
            if name == "submit":
                submitted_at = t
            events.add((events.new_id(), pk, name, frm, to, actor.pk, t, t,
                        "佐证材料不完整，请补充" if name == "reject" else "", e.region_id))
            n_events += 1
        if state == HazardState.CLOSED:
            closed_at = t
        done = state in (HazardState.AWAITING_ACCEPTANCE, HazardState.CLOSED)
        table.add((
            pk, e.pk, e.region_id, description, category, level, criterion.pk if criterion else None, major_basis,
            source, finder.pk if finder else None,
            "" if finder or source == HazardSource.PUBLIC_REPORT else e.principal, found_on, "",
            deadline, e.principal,
            f"{e.name}安全管理部门，主要负责人{e.principal}" if planned else "",
            "按整改通知要求落实整改，整改完成后拍照留档" if planned else "",
            Decimal(rnd.choice([0, 500, 2000, 5000, 20000, 150000 if major else 8000])) if planned else None,
            f"{deadline:%Y-%m-%d}前完成" if planned and deadline else "",
            "整改期间落实临时管控措施，设置警示标识，必要时停止相关作业" if planned else "",
            "已按要求完成整改，附整改前后照片" if done else "", "", state,
            submitter.pk if done else None, submitted_at if done else None,
            acceptor.pk if state == HazardState.CLOSED else None, closed_at, sup[0], sup[1], sup[2],
            found_at, t, ""))
        if visit is not None:
            found_in.add((found_in.new_id(), visit[1], pk))
    counts["hazards"] = table.close()
    counts["hazard_events"] = events.close()
    found_in.close()


def _cases(ents, counties, total, rnd, today, tz, counts):
    from django.db.models import Max

    from yingji.supervision.enforcement import demo as F
    from yingji.supervision.enforcement.choices import (
        MONEY_PENALTIES,
        DeliveryMethod,
        PenaltyKind,
        PenaltyTarget,
        Procedure,
        RuleCode,
        Step,
    )
    from yingji.supervision.enforcement.choices import (
        CaseState as S,
    )
    from yingji.supervision.enforcement.models import CaseStep, EnforcementCase, Penalty
    from yingji.supervision.enforcement.rules import late_payment_surcharge

    rules = _CaseRules()
    cols = ["id", "number", "year", "sequence", "enterprise", "region", "title", "origin", "origin_reference",
            "procedure", "department", "facts", "violated_provisions", "penalty_basis", "state", "filed_on",
            "investigated_on", "notified_on", "hearing_right", "decision_extension", "decided_on", "delivered_on",
            "delivery_method", "executed_on", "paid_amount", "surcharge", "closed_on", "due_on", "due_kind",
            "created_at", "updated_at", "created_by", "void_reason"]
    table = Table(EnforcementCase, cols)
    steps = Table(CaseStep, ["id", "case", "step", "date", "note", "due_on", "late", "recorded_at", "recorded_by"])
    step_officers = _through(CaseStep._meta.get_field("officers"), "casestep", "user")
    case_officers = _through(EnforcementCase._meta.get_field("officers"), "enforcementcase", "user")
    penalties = Table(Penalty, ["id", "case", "kind", "target", "target_name", "amount", "suspension_days", "note",
                                "created_at", "updated_at", "created_by", "void_reason"])
    sequence = {y: m or 0 for y, m in EnforcementCase.objects.values_list("year").annotate(m=Max("sequence"))}
    dept_keys, dept_weights = [i for i, _w in F.DEPARTMENT_WEIGHTS], [w for _i, w in F.DEPARTMENT_WEIGHTS]

    def at(d):
        return datetime.datetime.combine(d, datetime.time(9), tzinfo=tz)  # 17:00 in China

    for e in _pick(ents, rnd, total):
        county = counties[e.county]
        team = county.inspectors[:2]
        industry = rnd.choices(dept_keys, weights=dept_weights)[0]
        dept = (county.departments.get(industry) or county.bureau) if industry else county.bureau
        title, facts, violated, basis = rnd.choice(F.FACTS)
        simple = rnd.random() < 0.15
        filed = _weekday(_date_in_years(rnd, today, 3))
        if filed > today:
            filed = today - datetime.timedelta(days=3)
        case = {"filed_on": filed, "investigated_on": None, "notified_on": None, "hearing_right": False,
                "decided_on": None, "delivered_on": None, "delivery_method": "", "executed_on": None,
                "paid_amount": None, "surcharge": None, "closed_on": None, "state": S.FILED}
        pk = table.new_id()
        sequence[filed.year] = seq = sequence.get(filed.year, 0) + 1
        number = f"{county.region.name[:2]}应急罚〔{filed.year}〕{seq}号"
        rows = []  # (step, date, due_on)
        pens = []

        def record(step, d, due=None, rows=rows):
            rows.append((step, d, due))

        decision_due, decision_rule = rules.deadline(
            RuleCode.DECISION_SIMPLE if simple else RuleCode.DECISION_ORDINARY, filed)
        due = (decision_due, decision_rule.code if decision_rule else "")
        record(Step.FILE, filed)
        d = filed
        reached = True
        if simple:
            fine = rnd.choice([None, 200, 500, 1000, 2000, 3000])
            pens.append((PenaltyKind.FINE, PenaltyTarget.ENTERPRISE, Decimal(fine), None) if fine else
                        (PenaltyKind.WARNING, PenaltyTarget.ENTERPRISE, None, None))
            case.update(state=S.DELIVERED, decided_on=d, delivered_on=d, delivery_method=DeliveryMethod.DIRECT)
            record(Step.DECIDE, d, decision_due)
            delivery_due, _r = rules.deadline(RuleCode.DELIVERY, d)
            record(Step.DELIVER, d, delivery_due)
        else:
            for step, lo, hi, state, key in ((Step.INVESTIGATE, 3, 15, S.INVESTIGATED, "investigated_on"),
                                             (Step.NOTIFY, 2, 8, S.NOTIFIED, "notified_on")):
                d = _weekday(d + datetime.timedelta(days=rnd.randint(lo, hi)))
                if d > today:
                    reached = False
                    break
                case.update({"state": state, key: d})
                record(step, d)
            if reached:
                fine = Decimal(rnd.choice(F.FINES))
                case["hearing_right"] = fine >= 30000
                d = _weekday(d + datetime.timedelta(days=rnd.randint(10, 25)))
                if d > today:
                    reached = False
            if reached:
                pens.append((PenaltyKind.FINE, PenaltyTarget.ENTERPRISE, fine, None))
                if rnd.random() < 0.3:  # 一案双罚
                    pens.append((PenaltyKind.FINE, PenaltyTarget.PRINCIPAL,
                                 Decimal(rnd.choice([2000, 5000, 10000, 20000])), None))
                roll = rnd.random()
                if roll < 0.08:
                    pens.append((PenaltyKind.SUSPENSION, PenaltyTarget.ENTERPRISE, None, rnd.choice([15, 30, 60])))
                elif roll < 0.10:
                    pens = [(PenaltyKind.CLOSURE, PenaltyTarget.ENTERPRISE, None, None)]
                elif roll < 0.13:
                    pens.append((PenaltyKind.CONFISCATION, PenaltyTarget.ENTERPRISE,
                                 Decimal(rnd.randint(5, 80) * 1000), None))
                case.update(state=S.DECIDED, decided_on=d)
                record(Step.DECIDE, d, decision_due)
                delivery_due, delivery_rule = rules.deadline(RuleCode.DELIVERY, d)
                due = (delivery_due, delivery_rule.code if delivery_rule else "")
                d = _weekday(d + datetime.timedelta(days=rnd.randint(0, 6)))
                if d > today:
                    reached = False
                else:
                    case.update(state=S.DELIVERED, delivered_on=d,
                                delivery_method=rnd.choice([DeliveryMethod.DIRECT, DeliveryMethod.POST]))
                    record(Step.DELIVER, d, delivery_due)
        money = sum((a for k, _t, a, _s in pens if k in MONEY_PENALTIES and a), Decimal(0))
        fines = sum((a for k, _t, a, _s in pens if k == PenaltyKind.FINE and a), Decimal(0))
        if case["state"] == S.DELIVERED:
            payment_due, payment_rule = rules.deadline(RuleCode.PAYMENT, d)
            due = (payment_due, payment_rule.code) if money and payment_rule else (None, "")
            late = rnd.random() < 0.1
            d = _weekday(d + datetime.timedelta(days=rnd.randint(20, 40) if late else rnd.randint(2, 12)))
            if d <= today:
                if money:
                    surcharge_rule = rules.rule(RuleCode.LATE_SURCHARGE, payment_due) if payment_due else None
                    surcharge = late_payment_surcharge(fines, payment_due, d, rule=surcharge_rule) \
                        if surcharge_rule else Decimal("0.00")
                    case.update(paid_amount=money + surcharge, surcharge=surcharge)
                case.update(state=S.EXECUTED, executed_on=d)
                record(Step.EXECUTE, d, payment_due if money else None)
                due = (None, "")
                d = _weekday(d + datetime.timedelta(days=rnd.randint(3, 20)))
                if d <= today:
                    case.update(state=S.CLOSED, closed_on=d)
                    record(Step.CLOSE, d)
        elif case["state"] in (S.FILED, S.INVESTIGATED, S.NOTIFIED):
            due = (decision_due, decision_rule.code if decision_rule else "")
        last = rows[-1][1]
        table.add((
            pk, number, filed.year, seq, e.pk, e.region_id, title, rnd.choice(ORIGINS),
            "", Procedure.SIMPLE if simple else Procedure.ORDINARY, dept.pk, f"经查，{e.name}{facts}", violated, basis,
            case["state"], filed, case["investigated_on"], case["notified_on"], case["hearing_right"], "none",
            case["decided_on"], case["delivered_on"], case["delivery_method"], case["executed_on"],
            case["paid_amount"], case["surcharge"], case["closed_on"], due[0], due[1], at(filed), at(last),
            team[0].pk, ""))
        for u in team:
            case_officers.add((case_officers.new_id(), pk, u.pk))
        for step, day, step_due in rows:
            sid = steps.new_id()
            steps.add((sid, pk, step, day, "", step_due, bool(step_due and day > step_due), at(day), team[0].pk))
            for u in team:
                step_officers.add((step_officers.new_id(), sid, u.pk))
        if case["decided_on"] is not None:
            for kind, target, amount, days in pens:
                penalties.add((penalties.new_id(), pk, kind, target,
                               e.principal if target == PenaltyTarget.PRINCIPAL else "", amount, days, "",
                               at(case["decided_on"]), at(case["decided_on"]), team[0].pk, ""))
    counts["cases"] = table.close()
    counts["case_steps"] = steps.close()
    step_officers.close()
    case_officers.close()
    counts["penalties"] = penalties.close()


def _measures(ents, counties, total, rnd, now, today, counts):
    from yingji.supervision.enforcement.choices import MeasureKind
    from yingji.supervision.enforcement.models import Measure

    notes = {MeasureKind.INTERVIEW: "约谈企业主要负责人，督促落实隐患整改", MeasureKind.EXPOSURE: "在县融媒体中心曝光重大违法行为",
             MeasureKind.TYPICAL_REPORTED: "结合本案开展警示教育", MeasureKind.JUDICIAL_TRANSFER: "涉嫌危险作业罪，移送县公安局"}
    kinds, weights = list(notes), [60, 25, 10, 5]
    table = Table(Measure, ["id", "kind", "date", "enterprise", "region", "department", "note", "created_at",
                            "updated_at", "void_reason"])
    for e in _pick(ents, rnd, total):
        day = _date_in_years(rnd, today, 1)
        kind = rnd.choices(kinds, weights=weights)[0]
        at = datetime.datetime.combine(day, datetime.time(2), tzinfo=now.tzinfo)  # 10:00 in China
        table.add((table.new_id(), kind, day, e.pk, e.region_id, counties[e.county].bureau.pk, notes[kind], at, at,
                   ""))
    counts["measures"] = table.close()


def _accidents(counties, total, rnd, now, tz, counts):
    from yingji.supervision.accidents import demo as A
    from yingji.supervision.accidents.choices import AccidentType, Duty, Grade, Nature, ReportKind, ReportLevel
    from yingji.supervision.accidents.models import Accident, AccidentInvestigation, AccidentReport
    from yingji.supervision.accidents.services import compute_grade, grade_rules, reporting_rule

    table = Table(Accident, ["id", "occurred_at", "place", "region", "unit_name", "department", "sector",
                             "accident_type", "deaths", "missing", "serious_injuries", "injuries", "direct_loss",
                             "summary", "grade", "grade_reason", "investigation_extended",
                             "investigation_report_date", "created_at", "updated_at", "void_reason"])
    reports = Table(AccidentReport, ["id", "accident", "kind", "to_level", "reported_at", "reporter", "note",
                                     "snapshot", "deadline", "deadline_basis", "is_late", "created_at", "updated_at",
                                     "void_reason"])
    investigations = Table(AccidentInvestigation, [
        "id", "accident", "lead_unit", "leader", "members", "started_on", "nature", "cause", "approved_on",
        "criminal_count", "discipline_count", "penalised_count", "enterprise_fine", "measures", "review_due",
        "reviewed_on", "review_result", "created_at", "updated_at", "void_reason"])
    weights = [w for _s, w, _t, _i in A.PROFILE]
    type_labels = dict(AccidentType.choices)
    today = timezone.localdate()
    rule_cache = {}

    def rules_for(county, sector):
        key = (county.region.pk, sector)
        if key not in rule_cache:
            probe = SimpleNamespace(occurred_at=now, region=county.region, region_id=county.region.pk, sector=sector)
            rule_cache[key] = (grade_rules(today, county.region), reporting_rule(Duty.UNIT_TO_COUNTY, probe),
                               reporting_rule(Duty.LEVEL_UP, probe))
        return rule_cache[key]

    span = YEARS * 365 * 24 * 60
    for county, n_here in zip(counties, _apportion(total, [c.weight for c in counties])):
        for _i in range(n_here):
            sector, _w, types, industry = rnd.choices(A.PROFILE, weights=weights)[0]
            when = now - datetime.timedelta(days=1, minutes=rnd.randint(0, span))
            township = rnd.choice(county.townships)
            roll = rnd.random()
            deaths = 3 if roll < 0.02 else (2 if roll < 0.08 else (0 if roll < 0.35 else 1))
            injuries = rnd.choice([0, 0, 0, 1, 2])
            serious = min(injuries, rnd.choice([0, 0, 1]))
            loss = Decimal(rnd.randint(3, 180) * 10000 + rnd.randint(0, 99) * 100)
            pattern = rnd.choice(A.PLACES.get(sector, ["{t}工业功能区", "{t}{n}号厂房", "{t}在建工地"]))
            place = pattern.format(n=rnd.randint(10, 99), k=rnd.randint(1, 60), t=township.name.rstrip("镇乡街道"))
            kind = A.UNIT_KIND.get(sector, "")
            unit = f"{county.region.name[:2]}{rnd.choice(A.UNIT_WORDS)}{kind}" if kind else ""
            atype = rnd.choice(types)
            grades, unit_rule, up_rule = rules_for(county, sector)
            figures = SimpleNamespace(deaths=deaths, missing=0, serious_injuries=serious, injuries=injuries,
                                      direct_loss=loss)
            grade, reason = compute_grade(figures, rules=grades)
            local = timezone.localtime(when)
            report_date = (local + datetime.timedelta(days=rnd.randint(35, 70))).date() \
                if when < now - datetime.timedelta(days=75) else None
            summary = f"{local:%Y年%m月%d日%H时%M分}，{place}发生一起{type_labels[types[0]]}事故。"
            pk = table.new_id()
            dept = county.departments.get(industry) or county.bureau
            table.add((pk, when, place, township.pk, unit, dept.pk, sector, atype, deaths, 0, serious, injuries, loss,
                       summary, grade, reason, False, report_date, when, when, ""))
            snapshot = {"deaths": deaths, "missing": 0, "serious_injuries": serious, "injuries": injuries,
                        "direct_loss": str(loss.quantize(Decimal("0.01"))), "grade": grade,
                        "grade_display": str(Grade(grade).label), "occurred_at": when.isoformat(), "place": place,
                        "unit_name": unit, "summary": summary}
            first = when + datetime.timedelta(minutes=rnd.choice([15, 25, 40, 50, 55, 70, 95]))
            due = when + unit_rule.delta if unit_rule else None
            reports.add((reports.new_id(), pk, ReportKind.FIRST, ReportLevel.COUNTY, first, unit or "现场人员", "",
                         snapshot, due, unit_rule.legal_basis if unit_rule else "", bool(due and first > due),
                         first, first, ""))
            top = {Grade.ORDINARY: ReportLevel.CITY, Grade.LARGER: ReportLevel.PROVINCE}.get(grade,
                                                                                           ReportLevel.MINISTRY)
            received = first
            for level in range(ReportLevel.CITY, top + 1):
                sent = received + datetime.timedelta(minutes=rnd.choice([40, 60, 90, 110, 150]))
                up_due = received + up_rule.delta if up_rule else None
                reports.add((reports.new_id(), pk, ReportKind.FIRST, level, sent, county.bureau.name, "", snapshot,
                             up_due, up_rule.legal_basis if up_rule else "", bool(up_due and sent > up_due),
                             sent, sent, ""))
                received = sent
            if report_date is not None and (deaths or serious):
                approved = report_date + datetime.timedelta(days=rnd.choice([6, 9, 12, 14, 18]))
                liable = rnd.random() < 0.85
                review = approved + datetime.timedelta(days=rnd.randint(280, 360))
                started = local.date() + datetime.timedelta(days=1)
                stamp = datetime.datetime.combine(started, datetime.time(1), tzinfo=tz)
                investigations.add((
                    investigations.new_id(), pk, f"{county.region.name}人民政府（委托县应急管理局牵头）",
                    "县应急管理局分管副局长", "县应急管理局、县公安局、县总工会、县人力社保局及相关行业主管部门", started,
                    Nature.LIABLE if liable else Nature.NOT_LIABLE,
                    "作业人员违章操作，企业安全管理制度不落实、安全教育培训不到位。" if liable else "",
                    approved if approved <= today else None,
                    rnd.choice([0, 0, 1, 1, 2]) if liable else 0, rnd.choice([0, 1, 2]) if liable else 0,
                    rnd.choice([0, 1]) if liable else 0,
                    Decimal(rnd.choice([0, 100000, 150000, 200000])) if liable else Decimal(0),
                    "落实全员安全生产责任制，开展隐患排查治理和全员安全培训。", approved + datetime.timedelta(days=365),
                    review if review <= today else None, "责任追究和整改措施已落实。" if review <= today else "",
                    stamp, stamp, ""))
    counts["accidents"] = table.close()
    counts["accident_reports"] = reports.close()
    counts["accident_investigations"] = investigations.close()


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
           "county_from_db", "credit_code", "demo_counties", "load"]
