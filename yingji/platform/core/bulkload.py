"""Bulk history at province scale: each app contributes the writer of its own tables, the demo loader runs them.

`yingji demo --scale N` and the benchmarks fill millions of rows through yingji/demo/bulk.py, which runs, in order,
the writers the apps register here (each app's `bulk.py`, found like its `demo.py`):

    @bulkload.register(order=30, key="hazards", per_scale=50_000)
    def hazards(run, total):
        table = bulkload.Table(Hazard, ["id", "enterprise", ...])
        for e in bulkload.pick(run.enterprises, run.rnd, total):
            table.add((table.new_id(), e.pk, ...))
        run.counts["hazards"] = table.close()

`per_scale` is how many rows of `key` one unit of `--scale` writes (one large county's three years); `Volumes`
holds the totals of a load. A writer reads what earlier writers left on `run` (the enterprises drawn, the
inspections' visits) and writes rows without model instances: `Table` assigns ids, converts values as Django would
store them, and writes with COPY on PostgreSQL and executemany on SQLite. Rows are fixtures, not records people
entered: no save(), no per-row audit row (the loader records one AuditEvent for the load). `Table.close()` counts
the new rows in the statistics rollups (core.rollups), as every other write path does.
"""

import datetime
import itertools
import json
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection

YEARS = 3  # the history spans three years back from today
BATCH = 20_000

_writers = []  # (order, key, per_scale, fn)


def register(*, order, key, per_scale):
    def wrap(fn):
        _writers.append((order, key, per_scale, fn))
        return fn

    return wrap


def discover():
    from .discovery import autodiscover

    autodiscover("bulk")


def writers():
    """[(key, fn)] in order."""
    discover()
    return [(key, fn) for _o, key, _p, fn in sorted(_writers, key=lambda w: w[0])]


class Volumes:
    """How many rows of each key one load writes (totals over all counties); a key not given is 0 when given
    explicitly (`Volumes(enterprises=100)`), or one unit of scale (`Volumes.per_scale()`)."""

    def __init__(self, **totals):
        discover()
        known = {key for _o, key, _p, _f in _writers}
        unknown = set(totals) - known
        if unknown:
            raise TypeError(f"unknown bulk keys: {sorted(unknown)} (known: {sorted(known)})")
        self.totals = {key: int(totals.get(key, 0)) for key in known}

    @classmethod
    def per_scale(cls):
        discover()
        return cls(**{key: per for _o, key, per, _f in _writers})

    def scaled(self, scale):
        return Volumes(**{k: max(1, int(round(v * scale))) for k, v in self.totals.items()})

    def __getattr__(self, key):
        try:
            return self.__dict__["totals"][key]
        except KeyError:
            raise AttributeError(key) from None

    def __repr__(self):
        return f"Volumes({', '.join(f'{k}={v}' for k, v in sorted(self.totals.items()))})"


@dataclass
class Run:
    """One load: the counties (yingji/demo/bulk.County), the seeded random generator, the clock, the row counts,
    and what earlier writers left for later ones (`enterprises`, `visits` …, set as attributes)."""

    counties: list
    volumes: Volumes
    rnd: object
    now: datetime.datetime
    today: datetime.date
    tz: datetime.tzinfo = datetime.UTC  # times of day are written in UTC (the local 09:00 is 01:00 UTC)
    counts: dict = field(default_factory=dict)
    stdout: object = None

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(f"  {text}")


# --- writing rows fast ---------------------------------------------------------------------------------------------
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
        self.first_id = self.next_id
        self.vendor = connection.vendor
        self.convert = []
        for i, f in enumerate(self.fields):
            kind = f.get_internal_type()
            if kind == "JSONField":
                self.convert.append((i, lambda v: json.dumps(v, ensure_ascii=False)))
            elif kind == "DateTimeField" and self.vendor != "postgresql":
                self.convert.append((i, naive_utc))

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
        with connection.cursor() as cursor:
            write_rows(cursor, self.model._meta.db_table, self.columns, rows)
        self.written += len(rows)
        self.rows = []

    def close(self):
        """Write the last rows, reset the id sequence and count the new rows in the statistics rollups that count
        the model (core.rollups: one grouped query over the new ids)."""
        from . import rollups

        self.flush()
        if self.vendor == "postgresql" and self.written:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                    cursor.execute(sql)
        if self.written:
            rollups.inserted_range(self.model, self.first_id, self.next_id - 1)
        return self.written


def write_rows(cursor, table, columns, rows):
    """Insert `rows` (sequences of values as the database takes them, in `columns` order) into `table`: one COPY on
    PostgreSQL, executemany elsewhere. The one way the loader, the ledger import and its audit rows write many rows."""
    q = cursor.db.ops.quote_name
    cols = ", ".join(q(c) for c in columns)
    if cursor.db.vendor == "postgresql":
        # `rows` may be a generator: psycopg sends each 32 kB as it fills, so the server parses and indexes the rows
        # sent while the next ones are made
        with cursor.cursor.copy(f"COPY {q(table)} ({cols}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
    else:
        cursor.executemany(f"INSERT INTO {q(table)} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})",
                           rows if isinstance(rows, list) else list(rows))


def naive_utc(value):
    """What Django stores for an aware datetime on SQLite (USE_TZ): the UTC time, without an offset."""
    if value.tzinfo is not datetime.UTC:
        value = value.astimezone(datetime.UTC)
    return str(value.replace(tzinfo=None))


def through(model_field, left, right):
    """The Table of a many-to-many field's link rows (id, <left>_id, <right>_id)."""
    return Table(model_field.remote_field.through, ["id", f"{left}_id", f"{right}_id"])


# --- drawing -----------------------------------------------------------------------------------------------------------
def apportion(total, weights):
    """Split `total` by `weights` into integers that add up to it (largest remainders)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:total - sum(out)]:
        out[i] += 1
    return out


def pick(items, rnd, k):
    """`k` items drawn with their `weight` (A-grade enterprises are visited and found wanting more often)."""
    cum = list(itertools.accumulate(e.weight for e in items))
    return rnd.choices(items, cum_weights=cum, k=k)


def weekday(d):
    """The day itself, or the Monday after a Saturday or Sunday."""
    while d.weekday() >= 5:
        d += datetime.timedelta(days=1)
    return d


def date_in_years(rnd, today, start_days=1):
    return today - datetime.timedelta(days=rnd.randint(start_days, YEARS * 365))
