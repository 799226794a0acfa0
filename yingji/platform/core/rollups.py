"""Statistics rollups: counts of records per (region, month, dimension value, measure), kept in the transaction of
every change, so a statistic of a county's or a province's year sums thousands of rows instead of aggregating
millions (docs/statistics.md).

A domain registers a rollup of its records in its `rollups.py` (found like `dashboard.py`)::

    from yingji.platform.core import rollups

    rollups.register(rollups.Rollup(
        "hazards", Hazard, date="found_on",
        fields={"level": "level", "state": "state", "sector": "enterprise__sector"},
        cells=hazard_cells))   # row {name: value} -> [(dimension, value, measure), ...]

A record (not voided) counts in the month of its `date`, under the first digits of its region's code (the
township's nine by default: `region_level`), once for each (dimension, value, measure) its `cells` function yields
for it: ("", "", "found") for every record, ("sector", "gas", "rectified") for a closed one of the gas sector, and
so on. A field may be read through one foreign key ("enterprise__sector"): a change of that field on the related
record moves the counts of its records.

The counts are moved by the platform's write primitives, in the transaction of the change, from the records' cells
before and after it (`tracking`): BusinessModel.save() (services, workflow transitions, forms, the API, voiding),
ScopedQuerySet.update(), the imports' insert_new() and the bulk loader's Table. A write that bypasses them (raw SQL,
a migration) is followed by `yingji rollups --rebuild`; `yingji rollups --check` recounts and compares.

`figures(key, qs, start, end, user=, region=, params=)` reads the cells of a period: whole months from the rollup,
the days of a month cut by the period from the records (`qs`, the live query), and everything from the records
when the rollup cannot answer exactly (a statistics parameter such as 专项行动 or 来源 is set; the user's scope is
not a plain region subtree, e.g. an industry department's officer; a village or grid is asked for). Both ways give
the same `Cells`, so a page computes its figures once; `Cells.basis` says which way was taken.
"""

import datetime
import decimal
import threading
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Substr, TruncMonth

TOWNSHIP_DIGITS = 9  # regions.choices.PREFIX_LENGTH[Level.TOWNSHIP]
COUNTY_DIGITS = 6  # regions.choices.PREFIX_LENGTH[Level.COUNTY]: the coarser layer every rollup keeps too
# in a coarser layer, the cells of dimension "" keep their township: dimension REGION, value the township's prefix
REGION = "@region"
CHUNK = 500  # record ids per query (SQLite's parameter limit)
UPSERT_ROWS = 100  # cells per INSERT … ON CONFLICT statement (8 parameters each)


class Member(str):
    """A cell yielded with a Member counts the distinct members (an enterprise's id), not the records: the rollup
    keeps one cell per member and month, read with COUNT(DISTINCT member) over the months of a period."""


class Amount(str):
    """A cell yielded with an Amount (the name of one of the rollup's `sums`) adds the sum of that field over the
    records, in its smallest unit (fen for 元), instead of their number."""


@dataclass(eq=False)
class Rollup:
    key: str
    model: type
    date: str  # a DateField of the model or of a related record (case__decided_on): the month a record counts in
    fields: dict  # {name: path} of the values `cells` reads; a path may cross foreign keys
    cells: Callable  # {name: value} -> iterable of (dimension, value, measure[, Member(x) | Amount(name)])
    region: str = "region"  # the path to the record's Region
    digits: int = TOWNSHIP_DIGITS  # how many digits of the region code the counts keep
    # coarser layers of the same cells (region digits): a county's or a wider region's period reads the county's
    # cells instead of those of each of its townships (layer_cells)
    layers: tuple = (COUNTY_DIGITS,)
    alive: tuple = ()  # relations whose record must not be voided either (a penalty's case)
    sums: dict = field(default_factory=dict)  # {name: (path, factor)}: Amount(name) adds SUM(path) × factor
    local_fields: set = field(default_factory=set)  # the model's fields a change of which moves counts
    distinct: bool = False  # whether `cells` yields Member cells (counted distinct when read)
    depends: dict = field(default_factory=dict)  # related model -> (lookup path from the model, {its fields read})

    def __post_init__(self):
        if any(d >= self.digits for d in self.layers):
            raise ValueError(f"rollup {self.key}: a layer keeps fewer digits than the rollup ({self.digits})")
        voidable = hasattr(self.model, "voided_at")
        self.local_fields = {"voided_at"} if voidable else set()
        paths = [self.date, *self.fields.values(), f"{self.region}__code", *(p for p, _f in self.sums.values()),
                 *(f"{a}__voided_at" for a in self.alive)]
        for path in paths:
            self._watch(path)

    def _watch(self, path):
        """The model's first field of `path`, and for each relation it crosses, the related model's field read."""
        parts = path.split("__")
        self.local_fields.add(parts[0])
        model = self.model
        for i in range(len(parts) - 1):
            model = model._meta.get_field(parts[i]).related_model
            fk = "__".join(parts[:i + 1])
            lookup, names = self.depends.get(model, (fk, set()))
            if lookup != fk:
                raise ValueError(f"rollup {self.key}: {model.__name__} is reached by two paths ({lookup}, {fk})")
            self.depends[model] = (lookup, names | {parts[i + 1]})

    def layer_key(self, digits):
        """The `rollup` column of the cells of the layer of `digits` ("hazards@6"); the rollup's own: its key."""
        return self.key if digits == self.digits else f"{self.key}@{digits}"

    def layer_for(self, prefix):
        """The digits of the coarsest layer that answers for a region prefix exactly (the rollup's own digits for a
        prefix longer than every layer)."""
        fitting = [d for d in self.layers if len(prefix) <= d]
        return min(fitting) if fitting else self.digits

    def counted(self, qs):
        """The records that count: not voided (nor their `alive` relations)."""
        if hasattr(qs.model, "voided_at"):
            qs = qs.filter(voided_at__isnull=True)
        return qs.filter(**{f"{a}__voided_at__isnull": True for a in self.alive}) if self.alive else qs


_rollups = {}  # key -> Rollup
_by_model = {}  # model -> [Rollup]
_dependents = {}  # related model -> [(Rollup, foreign key name, {fields})]


def register(rollup):
    _rollups[rollup.key] = rollup
    _by_model.setdefault(rollup.model, []).append(rollup)
    for related, (fk, names) in rollup.depends.items():
        _dependents.setdefault(related, []).append((rollup, fk, names))
    return rollup


def autodiscover():
    from .discovery import autodiscover as _discover

    _discover("rollups")


def get(key):
    autodiscover()
    return _rollups[key]


def all_rollups():
    autodiscover()
    return list(_rollups.values())


def watches(model):
    """Whether saving or updating `model` can move counts (it is counted, or a counted record reads a field of it)."""
    autodiscover()
    return model in _by_model or model in _dependents


# --- the cells of records ------------------------------------------------------------------------------------------
def count_cells(rollup, qs):
    """Counter {(region prefix, month, dimension, value, measure, member): n} of the records of `qs` that count: one
    grouped query (the groups are few: a township's month of one combination of the fields' values). n is the
    number of records, or the sum of an Amount; member is "" except for the distinct cells of a Member."""
    paths = list(rollup.fields.values())
    names = list(rollup.fields)
    sums = {f"_s_{name}": Sum(path) for name, (path, _factor) in rollup.sums.items()}
    rows = (rollup.counted(qs).order_by()
            .annotate(_p=Substr(f"{rollup.region}__code", 1, rollup.digits), _m=TruncMonth(rollup.date))
            .values_list("_p", "_m", *paths).annotate(_n=Count("pk"), **sums))
    out = Counter()
    for prefix, month, *values in rows:
        totals = dict(zip(rollup.sums, values[len(paths) + 1:]))
        values, n = values[:len(paths)], values[len(paths)]
        if month is None:
            continue
        if isinstance(month, datetime.datetime):
            month = month.date()
        prefix = prefix or ""
        for dimension, value, measure, *extra in rollup.cells(dict(zip(names, values))):
            value = "" if value is None else str(value)
            if not extra:
                out[(prefix, month, dimension, value, measure, "")] += n
            elif isinstance(extra[0], Amount):
                amount = totals[extra[0]]
                out[(prefix, month, dimension, value, measure, "")] += (
                    0 if amount is None else _units(amount, rollup.sums[extra[0]][1]))
            else:
                out[(prefix, month, dimension, value, measure, str(extra[0]))] += n
    return out


def _units(amount, factor):
    """An amount in its smallest unit, exactly (Decimal 元 × 100 = fen); a fraction left over is an error."""
    units = decimal.Decimal(str(amount)) * factor
    if units != units.to_integral_value():
        raise ValueError(f"{amount} × {factor} is not whole")
    return int(units)


def layer_cells(cells, digits):
    """The cells of a coarser layer from the rollup's own ({cell: n} -> {cell: n}): each cell under the first
    `digits` digits of its region prefix, summed; a cell of dimension "" (not a member's) keeps its township as
    (REGION, township prefix), so a read of the layer still gives the figures by township (Cells.by_prefix)."""
    out = Counter()
    for (prefix, month, dimension, value, measure, member), n in cells.items():
        if dimension == "" and not member:
            dimension, value = REGION, prefix
        out[(prefix[:digits], month, dimension, value, measure, member)] += n
    return out


def _layers(rollup, cells):
    """{rollup column: cells} of the rollup's own cells and of every layer of them."""
    return {rollup.key: cells, **{rollup.layer_key(d): layer_cells(cells, d) for d in rollup.layers}}


def _cells_of(rollup, pks):
    manager = rollup.model._base_manager
    out = Counter()
    pks = sorted(pks)
    for i in range(0, len(pks), CHUNK):
        out.update(count_cells(rollup, manager.filter(pk__in=pks[i:i + CHUNK])))
    return out


def _lock(rollup, pks):
    """Lock the records (PostgreSQL: SELECT … FOR UPDATE, in id order) before reading their cells, so that a
    concurrent change of the same record is read after it commits, not before (its counts would move twice)."""
    if not connection.features.has_select_for_update:
        return  # SQLite: one writer at a time
    manager = rollup.model._base_manager
    pks = sorted(pks)
    for i in range(0, len(pks), CHUNK):
        list(manager.filter(pk__in=pks[i:i + CHUNK]).order_by("pk").select_for_update().values_list("pk", flat=True))


def apply(rollup, delta):
    """Add `delta` ({cell: change}) to the stored counts, of the rollup's own cells and of its layers: INSERT … ON
    CONFLICT DO UPDATE (PostgreSQL and SQLite), the cells of all layers in the same statements (a change moves its
    township's and its county's cells with one statement), in a fixed order so two transactions moving the same
    cells do not deadlock."""
    from .models import RollupCount

    delta = Counter({k: v for k, v in delta.items() if v})
    if not delta:
        return
    items = sorted(((key, *cell), n) for key, cells in _layers(rollup, delta).items()
                   for cell, n in cells.items() if n)
    table = connection.ops.quote_name(RollupCount._meta.db_table)
    columns = "rollup, region_code, month, dimension, value, measure, member"
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for i in range(0, len(items), UPSERT_ROWS):
            chunk = items[i:i + UPSERT_ROWS]
            params = []
            for (key, prefix, month, dimension, value, measure, member), n in chunk:
                params += [key, prefix, adapt(month), dimension, value, measure, member, n]
            cursor.execute(
                f"INSERT INTO {table} ({columns}, n) VALUES "
                f"{', '.join(['(%s, %s, %s, %s, %s, %s, %s, %s)'] * len(chunk))} "
                f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + excluded.n", params)


# --- keeping the counts: every write path ----------------------------------------------------------------------------
_local = threading.local()


def _held(rollup):
    held = getattr(_local, "held", None)
    if held is None:
        held = _local.held = {}
    return held.setdefault(rollup.key, set())


@contextmanager
def tracking(rollup, pks, *, new=False):
    """Move the counts of the records `pks` by what the block changes: their cells before (none when `new`) and
    after it. Records an enclosing block already tracks are left to it (an enterprise's save that updates its
    hazards' region inside)."""
    held = _held(rollup)
    mine = set(pks) - held
    if not mine:
        yield
        return
    held |= mine
    try:
        if not new:
            _lock(rollup, mine)
        before = Counter() if new else _cells_of(rollup, mine)
        yield
        delta = _cells_of(rollup, mine)
        delta.subtract(before)
        apply(rollup, delta)
    finally:
        held -= mine


@contextmanager
def saving(obj):
    """Around BusinessModel.save(): the record's own counts, and those of the records that read a changed field of
    it (an enterprise's sector, a region's code), move in the transaction of the save."""
    model = type(obj)
    adding = obj._state.adding or obj.pk is None
    with transaction.atomic(savepoint=False), ExitStack() as stack:
        if not adding:
            for rollup in _by_model.get(model, ()):
                stack.enter_context(tracking(rollup, [obj.pk]))
            deps = _dependents.get(model, ())
            names = sorted({n for _r, _fk, fields in deps for n in fields})
            if names:
                old = model._base_manager.filter(pk=obj.pk).values(*names).first()
                meta = model._meta
                for rollup, fk, fields in deps:
                    if old is not None and any(old[n] != getattr(obj, meta.get_field(n).attname) for n in fields):
                        pks = rollup.model._base_manager.filter(**{fk: obj.pk}).values_list("pk", flat=True)
                        stack.enter_context(tracking(rollup, list(pks)))
        yield
        if adding and obj.pk is not None:
            for rollup in _by_model.get(model, ()):
                inserted(rollup.model, [obj.pk], rollup=rollup)


@contextmanager
def updating(qs, values):
    """Around ScopedQuerySet.update(**values): the counts of the updated records (and of the records that read an
    updated field of them) move in the transaction of the UPDATE."""
    model = qs.model
    if not watches(model):
        yield
        return
    meta = model._meta
    touched = {meta.get_field(k).name for k in values}
    with transaction.atomic(savepoint=False), ExitStack() as stack:
        ids = None
        for rollup in _by_model.get(model, ()):
            if touched & rollup.local_fields:
                ids = list(qs.values_list("pk", flat=True)) if ids is None else ids
                stack.enter_context(tracking(rollup, ids))
        for rollup, fk, fields in _dependents.get(model, ()):
            if touched & fields:
                ids = list(qs.values_list("pk", flat=True)) if ids is None else ids
                pks = []
                for i in range(0, len(ids), CHUNK):
                    pks += rollup.model._base_manager.filter(**{f"{fk}__in": ids[i:i + CHUNK]}).values_list(
                        "pk", flat=True)
                stack.enter_context(tracking(rollup, pks))
        yield


def inserted(model, pks, *, rollup=None):
    """Count new records of `model` (an import's insert, a save that created one)."""
    for r in [rollup] if rollup is not None else _by_model.get(model, ()):
        apply(r, _cells_of(r, pks))


def inserted_range(model, first, last):
    """Count the new records of `model` with ids first..last (the bulk loader's COPY): one grouped query."""
    if not watches(model):
        return
    for r in _by_model.get(model, ()):
        apply(r, count_cells(r, r.model._base_manager.filter(pk__gte=first, pk__lte=last)))


# --- rebuild and audit -----------------------------------------------------------------------------------------------
def stored(rollup, store=None, *, digits=None):
    """{cell: n} of the stored cells (not 0) of the rollup's own layer, or of the layer of `digits`."""
    from .models import RollupCount

    store = store or RollupCount
    key = rollup.layer_key(digits if digits is not None else rollup.digits)
    rows = store.objects.filter(rollup=key).exclude(n=0).values_list(
        "region_code", "month", "dimension", "value", "measure", "member", "n")
    return Counter({tuple(r[:6]): r[6] for r in rows})


def rebuild(rollup, *, model=None, store=None):
    """Recount the rollup from its records (an upgrade, after raw SQL, or as an audit's repair), its layers with
    it: returns the number of cells. `model` and `store` let a migration pass its historical models."""
    from .models import RollupCount

    store = store or RollupCount
    model = model or rollup.model
    manager = model._base_manager
    with transaction.atomic():
        if connection.vendor == "postgresql":  # writers wait (their counts would land in the old cells), readers not
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} IN SHARE MODE")
        layers = _layers(rollup, count_cells(rollup, manager.all()))
        store.objects.filter(rollup__in=list(layers)).delete()
        store.objects.bulk_create(
            [store(rollup=key, region_code=p, month=m, dimension=d, value=v, measure=x, member=e, n=n)
             for key, cells in layers.items() for (p, m, d, v, x, e), n in sorted(cells.items()) if n],
            batch_size=2000)
        if connection.vendor == "postgresql":  # the planner's statistics of the new cells (a back-fill adds 100,000s)
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(store._meta.db_table)}")
    return sum(1 for cells in layers.values() for n in cells.values() if n)


def differences(rollup):
    """[(cell, stored, recounted)] where the stored counts of the rollup or of one of its layers (a cell of a layer
    has a shorter region prefix) differ from a full recount of the records (empty: exact)."""
    return compare(rollup)[1]


def compare(rollup):
    """(cells compared, [(cell, stored, recounted)] that differ): differences() with the number of cells looked at.
    Exact only when the stored cells and the records are read in one snapshot (audit() sees to it: services.snapshot)."""
    want = _layers(rollup, count_cells(rollup, rollup.model._base_manager.all()))
    compared, out = 0, []
    for digits in (rollup.digits, *rollup.layers):
        have, recount = stored(rollup, digits=digits), want[rollup.layer_key(digits)]
        cells = set(have) | set(recount)
        compared += len(cells)
        out += [(k, have.get(k, 0), recount.get(k, 0)) for k in cells if have.get(k, 0) != recount.get(k, 0)]
    return compared, sorted(out)


def audit(rollups=None):
    """(cells compared, {rollup key: [(cell, stored, recounted)]} of the rollups that differ), every rollup (or those
    given) compared with a recount of its records in one snapshot(). Nothing is written: the caller rebuilds."""
    from .services import snapshot

    compared, found = 0, {}
    with snapshot():
        for rollup in (rollups if rollups is not None else all_rollups()):
            n, diffs = compare(rollup)
            compared += n
            if diffs:
                found[rollup.key] = diffs
    return compared, found


# --- reading: the figures of a period ----------------------------------------------------------------------------------
class Cells:
    """The counts of a period: by (dimension, value, measure), by month and by region prefix (dimension ""), and the
    distinct members of the Member cells: their number (`distinct`, read by COUNT(DISTINCT) when only whole months
    are read) or their sets (`members`, when parts of a period are added)."""

    def __init__(self, totals=None, months=None, prefixes=None, basis="live", distinct=None, members=None):
        self.totals, self.months, self.prefixes = Counter(totals), Counter(months), Counter(prefixes)
        self.distinct, self.members = dict(distinct or {}), {k: set(v) for k, v in (members or {}).items()}
        self.basis = basis

    @classmethod
    def of(cls, counter, basis="live"):
        out = cls(basis=basis)
        for (prefix, month, dimension, value, measure, member), n in counter.items():
            if member:
                if n:
                    out.members.setdefault((dimension, value, measure), set()).add(member)
                continue
            out.totals[(dimension, value, measure)] += n
            if dimension == "":
                out.months[(month, measure)] += n
                out.prefixes[(prefix, measure)] += n
        return out

    def __add__(self, other):
        basis = self.basis if self.basis == other.basis else "rollup"
        members = {k: self.members.get(k, set()) | other.members.get(k, set())
                   for k in set(self.members) | set(other.members)}
        out = Cells(self.totals + other.totals, self.months + other.months, self.prefixes + other.prefixes, basis,
                    members=members)
        if self.distinct or other.distinct or self.distinct is None or other.distinct is None:
            out.distinct = None  # numbers of distinct members do not add up: read the members to add parts
        return out

    def total(self, measure, dimension="", value=""):
        return self.totals.get((dimension, value, measure), 0)

    def count_distinct(self, measure, dimension="", value=""):
        """The number of distinct members (enterprises) of a Member measure."""
        key = (dimension, value, measure)
        if self.distinct is None:
            raise ValueError("the distinct counts of two periods do not add up: read the members")
        return len(self.members[key]) if key in self.members else self.distinct.get(key, 0)

    def by(self, dimension, measure):
        """{value: count} of one dimension (values with no records left out)."""
        return {v: n for (d, v, m), n in self.totals.items() if d == dimension and m == measure and n}

    def distinct_by(self, dimension, measure):
        """{value: distinct members} of one dimension of a Member measure (values with none left out)."""
        keys = {k for k in (*(self.distinct or ()), *self.members) if k[0] == dimension and k[2] == measure}
        return {k[1]: n for k in keys if (n := self.count_distinct(measure, dimension, k[1]))}

    def by_month(self, measure):
        """{"YYYY-MM": count}."""
        return {f"{month:%Y-%m}": n for (month, m), n in self.months.items() if m == measure and n}

    def by_prefix(self, measure, digits=TOWNSHIP_DIGITS):
        """{region code prefix: count}, the prefixes cut to `digits`."""
        out = Counter()
        for (prefix, m), n in self.prefixes.items():
            if m == measure:
                out[prefix[:digits]] += n
        return {k: v for k, v in out.items() if v}


def _month_after(day):
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def whole_months(start, end):
    """(first day of the first, first day of the last) whole month within start..end, or None."""
    first = start if start.day == 1 else _month_after(start)
    after_end = end + datetime.timedelta(days=1)
    last = datetime.date(after_end.year, after_end.month, 1)  # the first month not whole in the period
    if last <= first:
        return None
    return first, datetime.date((last - datetime.timedelta(days=1)).year, (last - datetime.timedelta(days=1)).month, 1)


def _plain_region_scope(user, model):
    """Whether restrict(user) of `model` is exactly the user's region subtree (no department, no 企业端 dimension)."""
    from .models import ScopedMixin, _scope_dimensions

    if user.is_superuser:
        return True
    if getattr(model.region_scope_q, "__func__", None) is not ScopedMixin.region_scope_q.__func__:
        return False
    if model.scope_department_field and user.department_scope is not None:
        return False
    return all(d(user, model) is None for d in _scope_dimensions)


def servable_prefix(rollup, user, region, params):
    """The region code prefix the rollup answers for ("" for everything), or None: the records must be counted."""
    from yingji.platform.regions import codes

    from .models import perm_name

    model = rollup.model
    declared = getattr(model, "stats_filters", {})
    if any(name in declared and value not in (None, "") for name, value in (params or {}).items()):
        return None
    if user is None or not user.is_active or not user.has_perm(perm_name(model, "view")):
        return None
    if not _plain_region_scope(user, model):
        return None
    own = None if user.is_superuser else user.region
    if not user.is_superuser and own is None:
        return None
    region = region if region is not None else own
    if region is None:
        return ""
    prefix = codes.prefix(region.code, region.level)
    if len(prefix) > rollup.digits:
        return None
    if own is not None and not prefix.startswith(codes.prefix(own.code, own.level)):
        return None
    return prefix


def read(rollup, prefix, first, last, *, members=False):
    """The stored Cells of months first..last (first days) under the region prefix (read_many of one rollup)."""
    return read_many([rollup], prefix, first, last, members=members)[rollup.key]


def read_many(rollups, prefix, first, last, *, members=False):
    """{key: Cells} of months first..last (first days) under the region prefix, of rollups keeping the same digits
    and layers: one grouped sum for all of them (totals by dimension value and measure; the cells of dimension "" by
    month and region prefix), and for the rollups with Member cells the distinct members by (dimension, value,
    measure): their number (one more statement) or, with `members`, their sets (to add the days a period cuts).
    A prefix a layer answers for (a county, a city, the province, everything) reads the cells of that layer (those of
    one county, not of each of its townships), the same Cells."""
    return read_ranges(rollups, prefix, [(first, last)], members=members)[0]


def read_ranges(rollups, prefix, ranges, *, members=False):
    """[{key: Cells}] of read_many for each (first, last) month range of `ranges`, which do not overlap: the same
    statements for all of them (a period and the same period last year in one read), each cell counted in its
    range."""
    from django.db.models import Case, F, Q, Value, When

    from .models import RollupCount

    digits = {r.layer_for(prefix) for r in rollups}
    if len(digits) != 1:
        raise ValueError("read_many: the rollups keep different region digits")
    digits = digits.pop()
    ordered = sorted(ranges)
    if any(a[1] >= b[0] for a, b in zip(ordered, ordered[1:])):
        raise ValueError("read_ranges: the month ranges overlap")
    own = {r.layer_key(digits): r.key for r in rollups}
    layer = any(digits != r.digits for r in rollups)
    within = Q()
    for first, last in ranges:
        within |= Q(month__gte=first, month__lte=last)
    rows = RollupCount.objects.filter(within, rollup__in=list(own))
    if len(prefix) == digits:
        rows = rows.filter(region_code=prefix)
    elif prefix:
        rows = rows.filter(region_code__gte=prefix.ljust(digits, "0"), region_code__lte=prefix.ljust(digits, "9"))
    # the range of a cell: 0, 1 … (by its month; one range: 0)
    rows = rows.order_by().annotate(_r=Case(*(When(month__gte=a, month__lte=b, then=Value(i))
                                              for i, (a, b) in enumerate(ranges)), default=Value(-1))
                                    if len(ranges) > 1 else Value(0))
    out = [{r.key: Cells(basis="rollup") for r in rollups} for _ in ranges]
    distinct = [key for key, r in own.items() if get(r).distinct]
    # the counts and sums by (dimension, value, measure), those of dimension "" also by month and region prefix (in a
    # layer: the cells of dimension REGION, whose value is the township's prefix): one grouped query
    by_cell = Q(dimension=REGION) if layer else Q(dimension="", member="")
    plain = Q(member="")
    counted = ~plain & Q(n__gt=0)
    grouped = (rows.filter(plain)
               .annotate(_p=Case(When(by_cell, then=F("value" if layer else "region_code")), default=Value("")),
                         _mo=Case(When(by_cell, then=F("month")), default=None))
               .values_list("_r", "rollup", "dimension", "value", "measure", "_p", "_mo").annotate(s=Sum("n")))
    for i, key, d, v, m, p, mo, n in grouped:
        cells = out[i][own[key]]
        if layer and d == REGION:
            d, v = "", ""
        cells.totals[(d, v, m)] += n
        if d == "":
            if isinstance(mo, datetime.datetime):
                mo = mo.date()
            cells.months[(mo, m)] += n
            cells.prefixes[(p, m)] += n
    if distinct and not members:
        # the Member cells' distinct members by (dimension, value, measure): the distinct (…, member) rows, then
        # counted (a hashed DISTINCT, cheaper than the sort COUNT(DISTINCT) of 10,000s of cells needs)
        inner = rows.filter(rollup__in=distinct).filter(counted).values_list(
            "_r", "rollup", "dimension", "value", "measure", "member").distinct()
        sql, params = inner.query.sql_with_params()
        names = ", ".join(connection.ops.quote_name(c) for c in ("_r", "rollup", "dimension", "value", "measure"))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {names}, COUNT(*) FROM ({sql}) cells GROUP BY {names}", params)
            for i, key, d, v, m, c in cursor.fetchall():
                out[i][own[key]].distinct[(d, v, m)] = c
    if distinct and members:
        cells = rows.filter(rollup__in=distinct).filter(counted)
        for i, key, d, v, m, e in cells.values_list("_r", "rollup", "dimension", "value", "measure",
                                                     "member").distinct():
            out[i][own[key]].members.setdefault((d, v, m), set()).add(e)
    return out


def figures(key, qs, start, end, *, user, region=None, params=None):
    """The Cells of the records of `qs` (restricted to the user, in the region, narrowed by `params`: the live query)
    dated start..end: whole months from the rollup when it answers exactly for this user, region and parameters,
    the rest (or everything) counted from `qs`."""
    return figures_of({key: qs}, start, end, user=user, region=region, params=params)[key]


def figures_of(queries, start, end, *, user, region=None, params=None):
    """figures() of several rollups ({key: live query}) for one period: the stored months of those the rollups answer
    for are read together (read_many: one grouped sum), the rest counted from each live query."""
    return periods_of(queries, [(start, end)], user=user, region=region, params=params)[0]


def figures_periods(key, qs, periods, *, user, region=None, params=None):
    """[Cells] of figures() for each (start, end) of `periods` (a period and the same period last year)."""
    return [got[key] for got in periods_of({key: qs}, periods, user=user, region=region, params=params)]


def periods_of(queries, periods, *, user, region=None, params=None):
    """[{key: Cells}] of figures_of() for each (start, end) of `periods`: the stored whole months of the periods that
    do not overlap are read together (read_ranges: the same statements for a period and the same period last
    year), a period overlapping another on its own, the days a period cuts and what the rollups cannot answer
    counted from the live queries."""
    outs = [{} for _ in periods]
    served = {}  # (prefix, digits) -> [rollup]
    for key, qs in queries.items():
        rollup = get(key)
        prefix = servable_prefix(rollup, user, region, params)
        if prefix is not None:
            served.setdefault((prefix, rollup.layer_for(prefix)), []).append(rollup)
        for i, (start, end) in enumerate(periods):
            if prefix is None or whole_months(start, end) is None:
                outs[i][key] = Cells.of(_live(rollup, qs, start, end))
    months = {i: whole_months(start, end) for i, (start, end) in enumerate(periods)}
    wanted = [i for i, m in months.items() if m is not None]
    # the periods read together: whole months only (no member sets), not overlapping; the others one by one
    together = [i for i in wanted if periods[i] == (months[i][0], _month_after(months[i][1]) - datetime.timedelta(days=1))]
    ordered = sorted(together, key=lambda i: months[i])
    if any(months[a][1] >= months[b][0] for a, b in zip(ordered, ordered[1:])):
        together = []
    for (prefix, _digits), group in served.items():
        if together:
            for i, cells in zip(together, read_ranges(group, prefix, [months[i] for i in together])):
                for rollup in group:
                    if rollup.key not in outs[i]:
                        outs[i][rollup.key] = cells[rollup.key]
        for i in wanted:
            if i in together:
                continue
            start, end = periods[i]
            first, last = months[i]
            after = _month_after(last)
            cells = read_many(group, prefix, first, last, members=start < first or end >= after)
            for rollup in group:
                if rollup.key in outs[i]:
                    continue
                got = cells[rollup.key]
                if start < first:
                    got = got + Cells.of(_live(rollup, queries[rollup.key], start, first - datetime.timedelta(days=1)),
                                         "rollup")
                if end >= after:
                    got = got + Cells.of(_live(rollup, queries[rollup.key], after, end), "rollup")
                outs[i][rollup.key] = got
    return [{key: out[key] for key in queries} for out in outs]


def _live(rollup, qs, a, b):
    return count_cells(rollup, qs.filter(**{f"{rollup.date}__gte": a, f"{rollup.date}__lte": b}))
