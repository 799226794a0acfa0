"""Test support shared by every module: personas, sample-record factories, URL discovery.

Personas (tests read as "who can do what"):
    admin      系统管理员 of county A            leader     局领导 of county A
    inspector  执法人员 of county A              duty       值班员 of county A
    township_a 乡镇应急办 of township A1          township_b 乡镇应急办 of township A2
    department 行业部门 (住建) of county A        auditor    只读审计员 of county A
    outsider   系统管理员 of county B (another county: sees nothing of county A)
    nobody     an account with no role in county A
"""

import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.db import connection
from django.utils import timezone

from yingji.platform.accounts.choices import Industry, OrgKind
from yingji.platform.regions.choices import Level

# model class -> callable(world, region, **kw) returning a saved sample record in `region`
sample_factories = {}


def sample_factory(model):
    def wrap(fn):
        sample_factories[model] = fn
        return fn

    return wrap


PASSWORD = "Test-pass-2026"
_hashed = {}


def hashed_password(raw=PASSWORD):
    """The stored hash of `raw`, computed once: the personas are built for nearly every test, and set_password()
    would hash it and write the password history for each of twelve users every time (40 % of building them)."""
    if raw not in _hashed:
        from django.contrib.auth.hashers import make_password

        _hashed[raw] = make_password(raw)
    return _hashed[raw]


@dataclass
class World:
    regions: SimpleNamespace = field(default_factory=SimpleNamespace)
    orgs: SimpleNamespace = field(default_factory=SimpleNamespace)
    users: SimpleNamespace = field(default_factory=SimpleNamespace)

    def sample(self, model, region=None, **kw):
        """A saved record of `model` in `region` (default: county A's township A1) via the registered factory."""
        if model not in sample_factories:
            raise LookupError(f"no sample_factory registered for {model.__name__}: add one in its app's testing.py")
        return sample_factories[model](self, region or self.regions.township_a, **kw)


def build_world():
    """The personas and their regions and organisations, written as the import framework writes rows: one INSERT per
    table and the audit rows in one batch (audit.recorder.record_bulk_create, which also tells the caches of derived
    data that rows changed). Nearly every test builds it; saving its 26 records one by one cost 118 queries and
    0.12 s of CPU each time."""
    from yingji.platform.accounts.models import Organisation, PasswordHistory, Role, User
    from yingji.platform.accounts.roles_sync import sync_roles
    from yingji.platform.audit.recorder import record_bulk_create
    from yingji.platform.regions.models import Region

    if not Role.objects.exists():  # migrate (and a transactional test's flush) seeds them; only then sync here
        sync_roles()
    w = World()

    def create(model, records):
        """records: {attribute name: unsaved instance}, inserted in one statement, audited in one batch."""
        saved = model.objects.bulk_create(list(records.values()))
        record_bulk_create(saved)
        return records

    r = w.regions
    province = Region(code="330000000000", name="浙江省", level=Level.PROVINCE)
    create(Region, {"province": province})
    city = Region(code="331000000000", name="台州市", level=Level.CITY, parent=province)
    create(Region, {"city": city})
    county = Region(code="331099000000", name="安澜县", level=Level.COUNTY, parent=city)
    other_county = Region(code="331098000000", name="邻县", level=Level.COUNTY, parent=city)
    create(Region, {"county": county, "other_county": other_county})
    towns = create(Region, {
        "township_a": Region(code="331099101000", name="青石镇", level=Level.TOWNSHIP, parent=county),
        "township_b": Region(code="331099102000", name="白水镇", level=Level.TOWNSHIP, parent=county),
        "other_township": Region(code="331098101000", name="邻县某镇", level=Level.TOWNSHIP, parent=other_county)})
    villages = create(Region, {
        "village_a": Region(code="331099101201", name="东岙村", level=Level.VILLAGE, parent=towns["township_a"]),
        "village_b": Region(code="331099102201", name="西岭村", level=Level.VILLAGE, parent=towns["township_b"])})
    for name, region in {"province": province, "city": city, "county": county, "other_county": other_county,
                         **towns, **villages}.items():
        setattr(r, name, region)

    o = w.orgs
    for name, org in create(Organisation, {
        "bureau": Organisation(name="安澜县应急管理局", kind=OrgKind.BUREAU, region=r.county),
        "housing": Organisation(name="县住建局", kind=OrgKind.INDUSTRY, industry=Industry.HOUSING, region=r.county),
        "transport": Organisation(name="县交通运输局", kind=OrgKind.INDUSTRY, industry=Industry.TRANSPORT,
                                  region=r.county),
        "office_a": Organisation(name="青石镇应急办", kind=OrgKind.TOWNSHIP_OFFICE, region=r.township_a),
        "office_b": Organisation(name="白水镇应急办", kind=OrgKind.TOWNSHIP_OFFICE, region=r.township_b),
        "other_bureau": Organisation(name="邻县应急管理局", kind=OrgKind.BUREAU, region=r.other_county),
    }).items():
        setattr(o, name, org)

    groups = {role.code: role.group_id for role in Role.objects.all()}
    people = {  # username: (role, region, organisation); what set_password() would have written, without hashing
        "admin": ("sysadmin", r.county, o.bureau), "leader": ("leader", r.county, o.bureau),
        "inspector": ("enforcement", r.county, o.bureau), "inspector2": ("enforcement", r.county, o.bureau),
        "duty": ("duty", r.county, o.bureau), "disaster": ("disaster_officer", r.township_a, o.office_a),
        "township_a": ("township", r.township_a, o.office_a), "township_b": ("township", r.township_b, o.office_b),
        "department": ("department", r.county, o.housing), "auditor": ("auditor", r.county, o.bureau),
        "outsider": ("sysadmin", r.other_county, o.other_bureau), "nobody": (None, r.county, o.bureau),
    }
    now = timezone.now()
    users = {}
    for username, (role, region, org) in people.items():
        users[username] = User(username=username, full_name=username, region=region, organisation=org,
                               phone="13812341234", password=hashed_password(), password_changed_at=now)
        users[username]._audit_links_created = {"groups": [groups[role]] if role else []}
    create(User, users)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=users[username].pk, group_id=groups[role])
        for username, (role, _region, _org) in people.items() if role)
    PasswordHistory.objects.bulk_create(PasswordHistory(user=x, password=x.password) for x in users.values())
    for username, u in users.items():
        setattr(w.users, username, u)
    return w


def iter_url_patterns(resolver=None, prefix="", namespace=""):
    """Yield (route, name, callback) for every URL pattern in the URL configuration."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from iter_url_patterns(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}".lstrip(":") if p.name else None
            yield prefix + str(p.pattern), name, p.callback


def url_model(callback):
    """The scoped model a URL's view serves (Django CBV or DRF viewset), or None."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None and getattr(view_class, "model", None) is not None:
        model = view_class.model
        initkw = getattr(callback, "view_initkwargs", {}) or {}
        return initkw.get("model", model)
    if view_class is not None and "model" in (getattr(callback, "view_initkwargs", None) or {}):
        return callback.view_initkwargs["model"]
    cls = getattr(callback, "cls", None)
    if cls is not None and getattr(cls, "queryset", None) is not None:
        return cls.queryset.model
    return None


def sample_rule(model, **kw):
    """A saved row of the rule table `model`: the values of its newest seeded row (or the first choice, 1 or "样例"
    for a table without one), national, in force only from 2099 so that it changes no lookup of a test."""
    import datetime

    from django.db import models

    from .rules_forms import own_fields

    seed = model.objects.order_by("-pk").first()
    values = {}
    for name in own_fields(model):
        field = model._meta.get_field(name)
        if seed is not None:
            values[name] = getattr(seed, field.attname)
        elif field.has_default():
            continue
        elif field.choices:
            values[name] = field.choices[0][0]
        elif isinstance(field, (models.IntegerField, models.DecimalField)):
            values[name] = 1
        elif isinstance(field, (models.CharField, models.TextField)):
            values[name] = "样例"
    values.update(legal_basis="样例依据", valid_from=datetime.date(2099, 1, 1))
    values.update(kw)
    return model.objects.create(**values)


def _register_rule_samples():
    from .rules import tables

    for model in tables():
        sample_factories.setdefault(model, lambda world, region, _m=model, **kw: sample_rule(_m, **kw))


_register_rule_samples()


@contextmanager
def scratch_database(directory, prefix="yingji_scratch"):
    """The URL of a new, empty database of the suite's engine, dropped on leaving: a file in `directory` on SQLite,
    a database named `<prefix>_<random>` on the suite's PostgreSQL server (the tests that migrate, back up or
    restore into a database of their own)."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        yield f"sqlite:///{Path(directory) / f'{prefix}.sqlite3'}"
        return
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    dsn = dict(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
               user=settings["USER"] or "postgres", password=settings["PASSWORD"] or None)
    with psycopg.connect(**dsn, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    try:
        yield f"postgres://{dsn['user']}{password}@{dsn['host']}:{dsn['port']}/{name}"
    finally:
        with psycopg.connect(**dsn, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
