"""The ledger (台账) import framework.

upload .xlsx → validate every row with the edit page's ModelForm → all errors as (row, column, message) in Chinese
→ import only if there are no errors, in one transaction (all or nothing).

A module declares an ImportSpec and registers it; the URLs, the template download, the progress page and the
background task are the framework's. The spec names the edit form (`edit_form`) and its columns, each a field of that
form; the framework builds the row form from it once per import kind (`row_form`):

* a related record (region, department, fund, account …) is written in the ledger by its natural key (区划代码,
  单位名称, 用户名 …): the spec resolves it with `resolve_<field>(text, ctx)` from what `prepare` loaded once, so a
  row costs no query and a record outside the user's scope is the row's error;
* a choice may be written as its stored value or its Chinese label (工贸, 冬春救助), plus the column's `aliases`;
* an empty cell of a field with a default takes the default;
* uniqueness is checked for the whole file at once (`row_key`, `existing_keys`), not row by row.

Everything else — the fields' validators, the form's clean methods, the model's clean() — is the edit page's, so
a ledger row is refused with the message the page shows. See docs/import-format.md.
"""

import copy
import datetime
import decimal
import gc
import time
import types
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.expressions import DatabaseDefault
from django.forms.models import InlineForeignKeyField
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import excel

MAX_ERRORS_KEPT = 1000
# how ledgers write a date (a date cell of the sheet arrives as YYYY-MM-DD)
LEDGER_DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"]
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # a field of the edit form
    required: bool = False
    help: str = ""
    example: str = ""
    aliases: tuple = ()  # further spellings of a choice: (("红", "A"), ("橙", "B"))


class ImportSpec:
    """What one kind of ledger looks like and how its rows become records."""

    name = ""  # URL slug
    label = ""  # Chinese title
    model = None
    edit_form = None  # the edit page's ModelForm: each row is validated by it (see row_form)
    form_class = None  # or a form of its own taking (data=, user=, ctx=) whose save(commit=False) returns an instance
    columns: list[Column] = []
    batch_size = 2000
    # a row whose natural key (row_key) is already in the database: "refuse" it as an error, or "skip" it, so that
    # a history ledger imported again, or again with rows added at its end, imports only its new rows
    existing_rows = "refuse"

    def row_form(self):
        """The form one row is validated with: `edit_form` adapted to a ledger (built once), else `form_class`."""
        if self.edit_form is None:
            return self.form_class
        built = self.__dict__.get("_row_form")
        if built is None:
            built = self._row_form = build_row_form(self)
        return built

    def after_valid(self, obj, ctx):
        """Called for each valid row in file order (e.g. a running total the next rows are checked against)."""

    def before_model_clean(self, instance, cleaned_data, ctx):
        """Called on each row's instance before the model's clean() (e.g. to tell it about the earlier rows). It may
        change the instance and the cleaned data, not ctx: a row with an error is validated a second time
        (row_validation), and so are the spec's resolve_<field> lookups; running totals belong in after_valid."""

    # -- hooks ----------------------------------------------------------------------------------------------------
    def prepare(self, user, rows):
        """Per-import caches (code → id maps …), loaded once so that row validation costs no queries."""
        return {}

    def order_rows(self, rows):
        return rows

    def row_key(self, obj):
        """The natural key of a row, to refuse duplicates in the file and against the database; None to skip."""
        return None

    def existing_keys(self, keys):
        return set()

    def duplicate_column(self):
        return self.columns[0].header

    def save(self, objs, user):
        """Insert the validated instances (already in one transaction) and log them in the audit trail."""
        from django.db import connections, router

        from yingji.platform.audit.recorder import record_bulk_create

        # PostgreSQL: one COPY of the records and one of their audit rows for the whole file. Each COPY streams its
        # rows as they are made (nothing is held but the instances) and at its end waits for the server to store
        # the rows still in flight: in batches of 2,000, a 20,000-row import waited twenty times, with a savepoint
        # and a key query per batch. SQLite inserts a batch at a time (its rows are lists of parameters).
        pg = connections[router.db_for_write(self.model)].vendor == "postgresql"
        batch = max(1, len(objs)) if pg else self.batch_size
        for start in range(0, len(objs), batch):
            chunk = objs[start: start + batch]
            for o in chunk:
                if hasattr(o, "created_by_id") and o.created_by_id is None:
                    o.created_by = user
            insert_new(self.model, chunk)
            record_bulk_create(chunk, message=_("台账导入"))

    # -- template --------------------------------------------------------------------------------------------------
    def template_xlsx(self):
        notes = [(_("列名"), _("必填"), _("说明"), _("示例"))]
        notes += [(c.header, _("是") if c.required else _("否"), c.help, c.example) for c in self.columns]
        notes += [("", "", "", ""), (_("规则"), "", _("第 1 行为表头，从第 2 行起每行一条记录；任何一行有错误则整个文件都不导入。"), "")]
        example = [c.example for c in self.columns]
        return excel.write_xlsx([c.header for c in self.columns], [example] if any(example) else [],
                                sheet_title=str(self.label), notes=notes)


def keys_in(queryset, fields, keys, chunk=900):
    """The `keys` that `queryset` already holds, for `ImportSpec.existing_keys`: a key is the value of one field
    (`fields` = ("code",)) or a tuple of several; the database is asked in chunks of the first field's values (SQLite
    allows 999 parameters a statement)."""
    keys = set(keys)
    if not keys:
        return set()
    one = len(fields) == 1
    if one and all(type(k) is str for k in keys):
        from django.db import connections

        connection = connections[queryset.db]
        if connection.vendor == "postgresql":
            # one statement whatever the number of keys, the texts as one array parameter (`= ANY(%s)`, an index
            # probe each), rather than statements of 900 bound parameters each that Django compiles and psycopg splits
            q = connection.ops.quote_name
            column = f"{q(queryset.model._meta.db_table)}.{q(queryset.model._meta.get_field(fields[0]).column)}"
            found = queryset.extra(where=[f"{column} = ANY(%s)"], params=[sorted(keys)])
            return set(found.values_list(fields[0], flat=True)) & keys
    firsts = sorted({k if one else k[0] for k in keys}, key=str)
    found = set()
    for i in range(0, len(firsts), chunk):
        found |= set(queryset.filter(**{f"{fields[0]}__in": firsts[i:i + chunk]}).values_list(*fields, flat=one))
    return found & keys


def insert_new(model, objs):
    """Insert new records as `model.objects.bulk_create(objs)` does, give them their primary keys, and count them
    in the statistics rollups that count the model (core.rollups), in the import's transaction."""
    from . import rollups

    _insert_new(model, objs)
    if objs and rollups.watches(model):
        rollups.inserted(model, [o.pk for o in objs])


def _insert_new(model, objs):
    """Insert new records as `model.objects.bulk_create(objs)` does, and give them their primary keys.

    bulk_create compiles every value of every row through Django's SQL compiler (a quarter of a 100,000-row region
    import, more than the insert itself). Here each value only goes through its field's pre_save and
    get_db_prep_save, as the compiler would send it, and the rows go in with one INSERT … RETURNING per batch
    (SQLite) or, on PostgreSQL, with keys taken from the table's sequence and one COPY. A model or a
    database this does not cover (inherited tables, database defaults, generated columns, order_with_respect_to,
    a primary key already set, no RETURNING) goes through bulk_create.
    """
    from django.db import connections, router

    if not objs:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    pk = meta.pk
    if (meta.parents or meta.order_with_respect_to or not isinstance(pk, models.AutoField)
            or not connection.features.can_return_rows_from_bulk_insert
            or any(f.generated or f.db_default is not models.NOT_PROVIDED for f in meta.concrete_fields)
            or any(o.pk is not None for o in objs)):
        model.objects.bulk_create(objs)
        return
    fields = [f for f in meta.concrete_fields if f is not pk]
    ops = connection.ops
    head = "INSERT INTO {} ({}) VALUES ".format(
        ops.quote_name(meta.db_table), ", ".join(ops.quote_name(f.column) for f in fields))
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = f" RETURNING {ops.quote_name(pk.column)}"
    # a value that the field stores as it is (text in a text column, a key in a foreign key …) is taken as it is, a
    # date or time on SQLite as the text Django makes of it; any other goes through the field's pre_save and
    # get_db_prep_save
    plan = [(f, f.attname, *_stored_as_is(f, connection)) for f in fields]

    related_checked = _related_check(model)

    def prepared(o):
        related_checked(o)
        row = []
        values = o.__dict__
        for f, attname, kinds, convert, own in plan:
            # what Field.pre_save reads, or what it sets itself (auto_now: timezone.now())
            v = f.pre_save(o, True) if own else values.get(attname, _MISSING)
            if kinds and (v is None or (type(v) in kinds and (type(v) is not datetime.datetime
                                                              or v.tzinfo is not None))):
                row.append(v if convert is None or v is None else convert(v))
                continue
            if not own:
                v = f.pre_save(o, True)
            if hasattr(v, "resolve_expression") or isinstance(v, DatabaseDefault):
                raise _NeedsCompiler
            row.append(f.get_db_prep_save(v, connection))
        return row

    if connection.vendor == "postgresql":
        # the keys come from the table's sequence and the rows go in with one COPY (an executemany of 20,000
        # one-row INSERTs was a sixth of a 20,000-row enterprise import; a VALUES list is parsed on the client),
        # each row prepared while the COPY is open, so that the server stores the rows sent while the next ones
        # are prepared
        from .bulkload import write_rows

        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [ops.quote_name(meta.db_table), pk.column, len(objs)])
            ids = [row[0] for row in cursor.fetchall()]
            if None in ids:  # a key column without a sequence: nothing inserted yet
                model.objects.bulk_create(objs)
                return
            try:
                with transaction.atomic(using=using):  # an expression met half-way: the rows sent are undone
                    write_rows(cursor, meta.db_table, [pk.column, *(f.column for f in fields)],
                               ([i, *prepared(o)] for i, o in zip(ids, objs)))
            except _NeedsCompiler:
                model.objects.bulk_create(objs)  # an expression to compile (the keys drawn stay unused)
                return
        for o, pk_value in zip(objs, ids):
            setattr(o, pk.attname, pk_value)
            o._state.adding = False
            o._state.db = using
        return
    try:
        rows = [prepared(o) for o in objs]
    except _NeedsCompiler:
        model.objects.bulk_create(objs)  # an expression to compile: nothing is inserted yet
        return
    per_batch = max(1, min(1000, (connection.features.max_query_params or 65535) // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), per_batch):
            batch = objs[start:start + per_batch]
            params = [v for row in rows[start:start + per_batch] for v in row]
            cursor.execute(head + ", ".join([row_sql] * len(batch)) + returning, params)
            ids = [row[0] for row in cursor.fetchall()]
            if len(ids) != len(batch):
                raise RuntimeError(f"{model.__name__}: {len(batch)} rows inserted, {len(ids)} keys returned")
            for o, pk_value in zip(batch, ids):
                setattr(o, pk.attname, pk_value)
                o._state.adding = False
                o._state.db = using


def _related_check(model):
    """`check(obj)`: what `obj._prepare_related_fields_for_save("bulk_create")` does, with Django's own method
    called only for a row that needs it. That method walks every concrete field of every row (a twentieth of a
    20,000-row enterprise import); a ledger row's related records are ones read from the database, whose keys are
    already in the row's key columns, so the check is: each related record cached on the row has a key and it is the
    one in the column. A row where one has none, or differs, goes through Django's method (the same error, or the
    same repair); a model with generic foreign keys always does."""
    meta = model._meta
    if any(f.is_relation and hasattr(f, "fk_field") for f in meta.private_fields):
        return lambda o: o._prepare_related_fields_for_save(operation_name="bulk_create")
    related = [(f.cache_name, f.attname, f.target_field.attname) for f in meta.concrete_fields if f.is_relation]

    def check(o):
        cache = o._state.fields_cache
        values = o.__dict__
        for cache_name, attname, target in related:
            obj = cache.get(cache_name)
            if obj is None:  # not cached (or None): nothing to check
                continue
            value = values.get(attname)
            if value is None or not obj._is_pk_set() or getattr(obj, target) != value or not obj:
                o._prepare_related_fields_for_save(operation_name="bulk_create")
                return

    return check


class _NeedsCompiler(Exception):
    """A value of a row is an expression (or a database default): the rows go through bulk_create's compiler."""


# fields whose pre_save reads the attribute and whose get_db_prep_save returns these types unchanged (Django 6.1:
# a text field's to_python keeps a str, a key of an integer primary key stays an int, a boolean a bool)
_TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.SlugField, models.URLField)


def _stored_as_is(field, connection):
    """(types, convert, own) for `field`: the value types it writes to the database unchanged, or after
    `convert` (not None: what its get_db_prep_save makes of them), and whether its pre_save sets the value itself
    (auto_now); types () when every value is prepared by the field."""
    from django.conf import settings

    every = ((), None, False)
    if connection.vendor not in ("sqlite", "postgresql"):
        return every
    kind = type(field)
    if kind in _TEXT_FIELDS:
        return (str,), None, False
    if kind is models.BooleanField:
        return (bool,), None, False
    if kind is models.ForeignKey and type(field.target_field) in (models.AutoField, models.BigAutoField):
        return (int,), None, False
    if kind not in (models.DateField, models.DateTimeField):
        return every
    own = bool(field.auto_now or field.auto_now_add)  # the value comes from its pre_save (timezone.now())
    if kind is models.DateField:
        # PostgreSQL takes a date as it is (DatabaseOperations.adapt_datefield_value); SQLite's is str(date)
        return (datetime.date,), (str if connection.vendor == "sqlite" else None), own
    if not settings.USE_TZ:
        return every
    # an aware datetime only (insert_new checks): the field makes a naive one aware, with a warning. PostgreSQL
    # takes it as it is; SQLite's adapt_datetimefield_value is the text of the time naive in the connection's zone
    if connection.vendor == "postgresql":
        return (datetime.datetime,), None, own
    tz = connection.timezone
    return (datetime.datetime,), (lambda v: str(v.astimezone(tz).replace(tzinfo=None))), own


_MISSING = object()
_registry = {}


def register(spec_class):
    spec = spec_class()
    _registry[spec.name] = spec
    return spec_class


def get(name):
    return _registry.get(name)


def all_specs():
    return dict(_registry)


class ImportResult:
    def __init__(self):
        self.errors = []  # (row, column header, message)
        self.error_count = 0
        self.total = 0
        self.created = 0
        self.skipped = 0  # rows already imported (ImportSpec.existing_rows = "skip")

    def add(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((row, str(column), str(message)))

    @property
    def ok(self):
        return self.error_count == 0


def run(spec, fileobj, filename, user, progress=None):
    """Validate and (if every row is valid) import a ledger. Returns an ImportResult; writes nothing on error."""
    with _rare_full_collections():
        return _run(spec, fileobj, filename, user, progress)


@contextmanager
def _rare_full_collections():
    """Fewer full garbage collections while a large file is read, validated and saved.

    An import keeps every row and its instance alive until the insert: a heap that Python's full (generation 2)
    collections would walk again and again, about a fifth of the time of a 100,000-row import (bench/import_xlsx.py).
    Young cycles (a form per row) are still collected at the usual rate, so memory does not grow.
    """
    old = gc.get_threshold()
    gc.set_threshold(*old[:2], max(old[2], 1000))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _run(spec, fileobj, filename, user, progress):
    result = ImportResult()
    try:
        header, rows = excel.read_rows(fileobj, filename)
    except excel.SheetError as e:
        result.add(1, "", str(e))
        return result

    by_header = {c.header: c for c in spec.columns}
    positions = {}
    for i, h in enumerate(header):
        if not h:
            continue
        if h not in by_header:
            result.add(1, h, _("无法识别的列“%(h)s”，请使用下载的模板") % {"h": h})
        elif h in positions:
            result.add(1, h, _("列“%(h)s”重复") % {"h": h})
        else:
            positions[h] = i
    for c in spec.columns:
        if c.required and c.header not in positions:
            result.add(1, c.header, _("缺少必填列“%(h)s”") % {"h": c.header})
    if not result.ok:
        return result

    field_header = {c.field: c.header for c in spec.columns}
    raw_rows = []
    # where each field's cell is, looked up once (a header is a lazy translation: hashing it per cell costs)
    places = [(c.field, positions.get(str(c.header))) for c in spec.columns]
    try:
        for number, values in rows:
            data = {}
            for field, i in places:
                v = values[i] if i is not None and i < len(values) else None
                data[field] = v.strip() if type(v) is str else _clean_cell(v)  # _clean_cell of a text cell
            raw_rows.append((number, data))
    except excel.SheetError as e:  # the file breaks off in the middle: a bad file, not a system error
        result.add(e.row or (raw_rows[-1][0] + 1 if raw_rows else 2), "", str(e))
        return result
    result.total = len(raw_rows)
    if not raw_rows:
        result.add(2, "", _("文件中没有数据行"))
        return result
    if progress:
        progress(0, result.total)

    ctx = spec.prepare(user, raw_rows)
    validated = row_validation(spec.row_form(), user, ctx, raw_rows)
    objs, keys_seen = [], {}
    for done, (number, data) in enumerate(spec.order_rows(raw_rows), start=1):
        form = validated(data)
        if form.is_valid():
            obj = form.save(commit=False)
            key = spec.row_key(obj)
            if key is not None:
                if key in keys_seen:
                    result.add(number, spec.duplicate_column(),
                               _("与第 %(row)d 行重复") % {"row": keys_seen[key]})
                    continue
                keys_seen[key] = number
            objs.append((number, obj))
            if hasattr(form, "after_valid"):
                form.after_valid(obj)
            spec.after_valid(obj, ctx)
        else:
            for field, errs in form.errors.items():
                column = field_header.get(field, "") if field != "__all__" else ""
                for err in errs:
                    result.add(number, column, err)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, result.total)

    if keys_seen:
        existing = spec.existing_keys(set(keys_seen))
        if spec.existing_rows == "skip" and existing:
            skip_rows = {keys_seen[key] for key in existing}
            objs = [(n, o) for n, o in objs if n not in skip_rows]
            result.skipped = len(skip_rows)
        else:
            for key in existing:
                result.add(keys_seen[key], spec.duplicate_column(), _("系统中已存在相同记录"))
    if not result.ok:
        result.errors.sort(key=lambda e: e[0])
        return result

    with transaction.atomic():
        spec.save([o for _n, o in objs], user)
    result.created = len(objs)
    if progress:
        progress(result.total, result.total)
    return result


def row_forms(form_class, user, ctx):
    """`new_form(data)`: a bound row form, as `form_class(data=data, user=user, ctx=ctx)` would make it.

    Constructing a form per row was about a third of a large import's validation: Django deep-copies the class's
    fields into every form (choices, widgets, lazy messages), and a ModelForm sets up its instance and initial
    data. The form is constructed once; each row gets a shallow copy of that unvalidated form with its own data,
    errors, bound fields and (ModelForm) a new model instance. The fields are shared by every row, as
    SharedFields already shares them: cleaning a value reads a field, it does not change it
    (core/tests/test_import_forms.py compares every row's decision with a form constructed for the row).
    Only a form class that says so (`one_form_per_import = True`: the row forms built from an edit form, and a
    form of a spec's own whose __init__ sets nothing that depends on the row) is shared; any other — e.g. the rule
    tables' form, which reads the row's cells in its __init__ — is constructed per row.
    """
    if not getattr(form_class, "one_form_per_import", False):
        return lambda data: form_class(data=data, user=user, ctx=ctx)
    state = None
    model_form = issubclass(form_class, forms.BaseModelForm)
    prepare = getattr(form_class, "row_data", None)
    new = object.__new__

    make_instance = form_class._meta.model if model_form else None

    def new_form(data):
        nonlocal state, prepare, make_instance
        if state is None:
            state = dict(form_class(data=data, user=user, ctx=ctx).__dict__)
            if issubclass(form_class, ImportRowMixin):
                # each distinct value of a column is cleaned once per import (see ValueMemo)
                state["_memo"] = memo = ValueMemo()
                state["fields"] = {name: memo.form_field(field) for name, field in state["fields"].items()}
                prepare = memo.row_data(form_class)
                make_instance = memo.instance_maker(form_class._meta.model)
        form = new(form_class)
        form.__dict__.update(state)
        form.data = prepare(data) if prepare is not None else data
        form._bound_fields_cache = {}
        if model_form:
            form.instance = make_instance()
        return form

    return new_form


def row_validation(form_class, user, ctx, rows=None):
    """`validated(data)`: the row's form (row_forms) with its validation done, so that form.is_valid() and
    form.errors read the result.

    A row of a form that FastClean covers is first cleaned by it, which does what Django's full_clean does without
    its per-field machinery; a row it finds any error in (or that it does not cover) is validated again by a new
    form the usual way, so every error a ledger shows comes from Django's own full_clean, and a valid row's record
    from the same steps in the same order (core/tests/test_import_forms.py compares whole imports both ways).
    """
    new_form = row_forms(form_class, user, ctx)
    fast = None

    def validated(data):
        nonlocal fast
        form = new_form(data)
        if fast is None:
            fast = FastClean.for_form(form) or False
            if fast and rows:
                fast.check_columns(form, rows)
        if fast and fast(form):
            return form
        if fast:
            form = new_form(data)  # nothing of the fast attempt is kept
        form.full_clean()
        return form

    return validated


# --- the row form: the edit form adapted to a ledger ---------------------------------------------------------------
class LabelChoiceField(forms.TypedChoiceField):
    """A choice written as its stored value, its Chinese label (or the label before its bracket) or an alias."""

    def __init__(self, *, lookup, **kwargs):
        super().__init__(**kwargs)
        self.lookup = lookup

    def to_python(self, value):
        value = super().to_python(value)
        return self.lookup.get(value, value)

    def validate(self, value):
        if value in self.empty_values:
            return super().validate(value)
        if not self.valid_value(value):
            labels = "、".join(str(label) for v, label in self.choices if v not in ("", None))
            raise ValidationError(_("“%(v)s”不是可选值（可选：%(labels)s）") % {"v": value, "labels": labels},
                                  code="invalid_choice")


def choice_lookup(choices, aliases=()):
    table = {}
    for value, label in choices:
        if value in ("", None):
            continue
        table[str(label)] = str(value)
        table[str(label).split("（")[0].strip()] = str(value)
        table[str(value)] = str(value)
    table.update({str(k): str(v) for k, v in aliases})
    return table


class SharedFields(dict):
    """The row form's fields, shared by every row. Django deep-copies a form's fields for each form, so that a view
    may change them; nothing in a row's validation does, and the copy (choices, lazy messages) was a third of the
    time of a large import."""

    def __deepcopy__(self, memo):
        return dict(self)


class RowCells:
    """A row form cleans each field from its value, without a BoundField per field and row (a template's view of
    the field: label, help text, widget attributes), which was a sixth of the validation of an enterprise row. For
    the row forms built from an edit form, and a spec's own form (the regions')."""

    def _bound_items(self):
        for name, field in self.fields.items():
            yield name, _Cell(self, field, name)


class ImportRowMixin(RowCells):
    """What a row form adds to the edit form (see build_row_form)."""

    spec = None
    resolved = ()
    defaults = {}
    one_form_per_import = True  # see row_forms

    def __init__(self, data=None, user=None, ctx=None):
        self.user, self.ctx = user, ctx
        # the edit form's own __init__ sets up choice lists for the page: a row resolves its related records from
        # the spec's caches instead, so only the ModelForm itself is initialised
        forms.BaseModelForm.__init__(self, data=self.row_data(data))

    @classmethod
    def row_data(cls, data):
        """The row's cells with the model's default for an empty cell of a field that has one."""
        if cls.defaults:
            data = dict(data)
            for name, default in cls.defaults.items():
                if data.get(name) in (None, ""):
                    data[name] = default() if callable(default) else default
        return data

    def _get_validation_exclusions(self):
        # resolved from scoped caches: no per-row existence query by the model's ForeignKey.validate()
        memo = self.__dict__.get("_memo")
        if memo is not None:
            return memo.exclusions(self) | set(self.resolved)
        return super()._get_validation_exclusions() | set(self.resolved)

    def _post_clean(self):
        self.spec.before_model_clean(self.instance, self.cleaned_data, self.ctx)
        memo = self.__dict__.get("_memo")
        if memo is None or not memo.stock_model(type(self.instance)):
            return super()._post_clean()
        # BaseModelForm._post_clean of Django 6.1, with the instance built without a BoundField per field and the
        # model's fields cleaned once per distinct value (the same checks in the same order, the same messages)
        exclude = self._get_validation_exclusions()
        exclude.update(memo.inline_foreign_keys(self))
        try:
            self.instance = memo.construct_instance(self, self.instance)
        except ValidationError as e:
            self._update_errors(e)
        try:
            memo.full_clean(self.instance, exclude)
        except ValidationError as e:
            self._update_errors(e)
        if self._validate_unique:
            self.validate_unique()
        if self._validate_constraints:
            self.validate_constraints()

    def validate_unique(self):
        """Checked for the whole file at once (ImportSpec.row_key / existing_keys)."""

    def validate_constraints(self):
        """Likewise."""


# values a field's clean returns that no row can change, so that one result may serve every row with that value
_IMMUTABLE = frozenset({str, int, float, bool, type(None), decimal.Decimal, datetime.date, datetime.datetime,
                        datetime.time})


class ValueMemo:
    """Clean each distinct value of a column once per import, not once per row.

    A ledger repeats most of its values (the sector, the department, the region, a default), and a field's cleaning
    is a function of the value: the form field's clean(value) (to_python, validate, validators) and the model
    field's clean(value, instance) for Django's own field classes, whose validate() does not read the instance. So a
    value that cleaned without error gives its cleaned result to every later row with the same value; a value that
    fails is checked again on each row, which raises the same error for that row. Only Django's own field classes
    (and LabelChoiceField) and results that cannot be changed afterwards (text, numbers, dates) are remembered; a
    field that returns a record or a list is cleaned per row. Nothing is remembered between imports.
    """

    def __init__(self):
        self.model_fields = {}  # model field -> {value key: cleaned} (None: not remembered)
        self.stock = {}
        self.plans = {}
        self.field_plans = {}
        self.inline = {}
        self.makers = {}
        self.today = _Today()

    def default_getter(self, default):
        """What gives a callable default's value per row: timezone.localdate through this import's _Today."""
        from django.conf import settings

        if default is _LOCALDATE and settings.USE_TZ:
            return self.today
        return default

    def row_data(self, form_class):
        """form_class.row_data (ImportRowMixin) with this import's getters of the callable defaults."""
        if form_class.row_data.__func__ is not ImportRowMixin.row_data.__func__:
            return form_class.row_data
        defaults = [(name, self.default_getter(d) if callable(d) else None, d) for name, d in form_class.defaults.items()]
        if not defaults:
            return lambda data: data

        def row_data(data):
            data = dict(data)
            for name, getter, default in defaults:
                if data.get(name) in (None, ""):
                    data[name] = getter() if getter is not None else default
            return data

        return row_data

    def instance_maker(self, model):
        """`make()`: a new `model()` as Django's Model.__init__ makes it without arguments, without its loop over
        the fields and their defaults per row (a sixth of an enterprise row's validation): the state and the
        values of one instance made by model() copied, and every callable default (created_at's timezone.now …)
        called again for each instance. Only for a model whose __init__ is Django's, whose fields keep their value
        in the instance's __dict__ (Django's own attribute descriptors) and that no pre_init/post_init receiver
        listens to; any other is made by model() itself."""
        maker = self.makers.get(model)
        if maker is None:
            maker = self.makers[model] = _instance_maker(model, self.default_getter)
        return maker

    def _plan(self, form):
        """What does not change from row to row in BaseModelForm._get_validation_exclusions and construct_instance:
        the model fields always excluded, those decided by the row, and those the instance is built from."""
        plan = self.plans.get(type(form))
        if plan is None:
            opts, fields = form._meta, form.fields
            always, by_row, build = set(), [], []
            for f in form.instance._meta.fields:
                name = f.name
                if name not in fields or (opts.fields and name not in opts.fields) \
                        or (opts.exclude and name in opts.exclude):
                    always.add(name)
                else:
                    by_row.append((name, f.blank, fields[name]))
                if not f.editable or isinstance(f, models.AutoField) \
                        or (opts.fields is not None and name not in opts.fields) \
                        or (opts.exclude and name in opts.exclude):
                    continue
                # a field whose save_form_data is Django's setattr(instance, name, value) of a value the instance
                # keeps in its __dict__ (no descriptor of its own: not a relation, not a file) is set there
                from django.db.models.query_utils import DeferredAttribute

                direct = (type(f).save_form_data is models.Field.save_form_data and f.attname == name
                          and type(type(form.instance).__dict__.get(name)) is DeferredAttribute)
                build.append((f, name, f.has_default(), isinstance(f, models.FileField), direct))
            plan = self.plans[type(form)] = (frozenset(always), by_row, build)
        return plan

    def inline_foreign_keys(self, form):
        """The names of the form's InlineForeignKeyFields (the fields of a row form are the same for every row)."""
        names = self.inline.get(type(form))
        if names is None:
            names = self.inline[type(form)] = [n for n, f in form.fields.items() if isinstance(f, InlineForeignKeyField)]
        return names

    def exclusions(self, form):
        """BaseModelForm._get_validation_exclusions of Django 6.1 for a row form of this import."""
        always, by_row, _build = self._plan(form)
        exclude = set(always)
        errors, cleaned = form._errors, form.cleaned_data
        for name, blank, field in by_row:
            if name in errors or (not blank and not field.required and cleaned.get(name) in field.empty_values):
                exclude.add(name)
        return exclude

    def construct_instance(self, form, instance):
        """django.forms.models.construct_instance(form, instance, opts.fields, opts.exclude) of Django 6.1 for a
        row form of this import, reading form.fields[name] where it made a BoundField (form[name].field)."""
        cleaned_data = form.cleaned_data
        values = instance.__dict__
        file_field_list = []
        for f, name, has_default, is_file, direct in self._plan(form)[2]:
            if name not in cleaned_data:
                continue
            if has_default:
                field = form.fields[name]
                if field.widget.value_omitted_from_data(form.data, form.files, form.add_prefix(name)) \
                        and cleaned_data.get(name) in field.empty_values:
                    continue
            if is_file:
                file_field_list.append(f)
            elif direct:
                values[name] = cleaned_data[name]
            else:
                f.save_form_data(instance, cleaned_data[name])
        for f in file_field_list:
            f.save_form_data(instance, cleaned_data[f.name])
        return instance

    def form_field(self, field):
        """A copy of a row form's field whose clean remembers its results for this import."""
        kind = type(field)
        if (kind.__module__ != "django.forms.fields" and kind is not LabelChoiceField) \
                or isinstance(field, (forms.FileField, forms.MultiValueField, forms.ComboField)):
            return field
        clean, cache = field.clean, {}

        def remembered(value):
            if type(value) is not str:
                return clean(value)
            try:
                return cache[value]
            except KeyError:
                pass
            result = clean(value)
            if type(result) in _IMMUTABLE:
                cache[value] = result
            return result

        remembered.cache, remembered.clean = cache, clean  # FastClean reads the cache itself
        field = copy.copy(field)
        field.clean = remembered
        return field

    def stock_model(self, model):
        """True if the model validates with Django's own full_clean and clean_fields (its clean() may be its own)."""
        stock = self.stock.get(model)
        if stock is None:
            stock = self.stock[model] = (model.full_clean is models.Model.full_clean
                                         and model.clean_fields is models.Model.clean_fields)
        return stock

    def _cache(self, f):
        try:
            return self.model_fields[f]
        except KeyError:
            kind = type(f)
            plain = (kind.__module__.startswith("django.db.models.fields") and not f.is_relation
                     and kind.validate is models.Field.validate and kind.clean is models.Field.clean)
            cache = self.model_fields[f] = {} if plain else None
            return cache

    def full_clean(self, instance, exclude):
        """Model.full_clean(exclude, validate_unique=False, validate_constraints=False) of Django 6.1."""
        errors = {}
        try:
            self.clean_fields(instance, exclude)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _field_plan(self, model):
        """(field, name, attname, blank, empty values, cache, value kept in the instance's __dict__) of each field
        Model.clean_fields reads."""
        plan = self.field_plans.get(model)
        if plan is None:
            from django.db.models.query_utils import DeferredAttribute

            plan = self.field_plans[model] = [
                (f, f.name, f.attname, f.blank, f.empty_values, self._cache(f),
                 type(model.__dict__.get(f.attname)) is DeferredAttribute)
                for f in model._meta.fields if not f.generated]
        return plan

    def clean_fields(self, instance, exclude):
        """Model.clean_fields of Django 6.1, each distinct value of a field cleaned once."""
        errors = {}
        values = instance.__dict__
        for f, name, attname, blank, empty_values, cache, direct in self._field_plan(type(instance)):
            if name in exclude:
                continue
            raw_value = values[attname] if direct and attname in values else getattr(instance, attname)
            if blank and raw_value in empty_values:
                continue
            if isinstance(raw_value, DatabaseDefault):
                continue
            kind = type(raw_value)
            key = None
            if cache is not None and kind in _IMMUTABLE:
                key = (kind, str(raw_value)) if kind is decimal.Decimal or kind is float else (kind, raw_value)
                if key in cache:
                    if direct:
                        values[attname] = cache[key]
                    else:
                        setattr(instance, attname, cache[key])
                    continue
            try:
                value = f.clean(raw_value, instance)
            except ValidationError as e:
                errors[f.name] = e.error_list
                continue
            if key is not None and type(value) in _IMMUTABLE:
                cache[key] = value
            setattr(instance, f.attname, value)
        if errors:
            raise ValidationError(errors)


_LOCALDATE = timezone.localdate


class _Today:
    """timezone.localdate() as each call would return it, converted to the time zone once a day (the conversion is
    about 10 µs, called for each row's 建档日期 default): the date is kept until a second before the next local
    midnight of the current time zone, then computed again."""

    def __init__(self):
        self.until, self.date = float("-inf"), None

    def __call__(self):
        now = time.time()
        if now < self.until:
            return self.date
        today = _LOCALDATE()
        midnight = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min,
                                             tzinfo=timezone.get_current_timezone())
        self.date, self.until = today, min(midnight.timestamp() - 1, now + 3600)
        return today


def instance_maker(model):
    """`make()`: a new `model()` for each row of one import, made as ValueMemo.instance_maker makes the row forms'
    instances (a copy of one instance with the callable defaults called again; `model` itself for a model this does
    not cover). For a spec's own form that makes its row's record itself (the region ledger's): call it once per
    import, in `prepare`, and set the row's values on what it makes as Model.__init__ would set them (a related
    record through its attribute, so that it is cached as a keyword argument would cache it)."""
    return _instance_maker(model, ValueMemo().default_getter)


def _instance_maker(model, default_getter):
    """See ValueMemo.instance_maker."""
    from django.db.models import signals
    from django.db.models.base import ModelState
    from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
    from django.db.models.query_utils import DeferredAttribute

    meta = model._meta
    fields = [f for f in meta.concrete_fields if f.column is not None and not f.generated]
    if (model.__init__ is not models.Model.__init__ or signals.pre_init.has_listeners(model)
            or signals.post_init.has_listeners(model) or meta.private_fields
            or any(type(model.__dict__.get(f.attname)) not in (DeferredAttribute, ForeignKeyDeferredAttribute)
                   for f in fields)):
        return model
    template = model()
    base = {k: v for k, v in template.__dict__.items() if k != "_state"}
    if set(base) != {f.attname for f in fields}:
        return model
    per_row = []
    for f in fields:
        if f.has_default() and callable(f.default):
            plain = type(f).get_default is models.Field.get_default
            per_row.append((f.attname, default_getter(f.default) if plain else f.get_default))
    new = object.__new__

    def make():
        obj = new(model)
        d = obj.__dict__
        d["_state"] = ModelState()
        d.update(base)
        for attname, get in per_row:
            d[attname] = get()
        return obj

    return make


class FastClean:
    """BaseForm.full_clean of Django 6.1 for a row form of an import (ImportRowMixin, one form per import), done
    for a row without any error, without a BoundField per field and row.

    The same steps in the same order: each field's clean of the row's cell (data.get(name): what a row form's
    widgets read), the form's clean_<name> right after its field, the text filter of a _clean_fields that declares
    one (ScopedModelForm: control characters) after all fields, the form's clean() and the ModelForm's
    _post_clean (the instance and the model's validation). At the first error it returns False and the caller
    validates the row again with a new form the usual way (row_validation), so a row's errors are Django's own.
    `for_form` returns None for a form whose validation this does not follow (its own full_clean, a widget that
    reads more than one key, a disabled or file field, a prefix, an empty-permitted form).
    """

    def __init__(self, steps, text_filter):
        self.steps, self.text_filter, self.texts = steps, text_filter, {}

    @classmethod
    def for_form(cls, form):
        kind = type(form)
        if not isinstance(form, ImportRowMixin) or "_memo" not in form.__dict__:
            return None
        # Django's loop, or one that declares itself Django's loop followed by a filter of each text value
        text_filter = getattr(kind._clean_fields, "text_filter", None)
        if kind._clean_fields is not forms.BaseForm._clean_fields and text_filter is None:
            return None
        if (kind.full_clean is not forms.BaseForm.full_clean or kind._clean_form is not forms.BaseForm._clean_form
                or kind._post_clean is not ImportRowMixin._post_clean
                or kind._bound_items is not RowCells._bound_items
                or kind._widget_data_value is not forms.BaseForm._widget_data_value
                or kind.add_prefix is not forms.BaseForm.add_prefix
                or not form.is_bound or form.empty_permitted or form.prefix or form.files):
            return None
        steps = []
        for name, field in form.fields.items():
            widget = type(field.widget)
            reads_one_key = widget.value_from_datadict is forms.Widget.value_from_datadict or (
                widget.value_from_datadict is forms.widgets.ChoiceWidget.value_from_datadict
                and not field.widget.allow_multiple_selected)
            if (field.disabled or not reads_one_key or type(field)._clean_bound_field is not forms.Field._clean_bound_field
                    or f"clean_{name}" in form.__dict__):
                return None
            method = getattr(kind, f"clean_{name}", None)
            if method is not None and not isinstance(method, types.FunctionType):
                return None  # not a plain function: let Django call it
            steps.append((name, field.clean, getattr(field.clean, "cache", None), method))
        return cls(steps, text_filter)

    def check_columns(self, form, rows):
        """Check the text columns a column at a time before the first row (issue 14): for a column whose form field
        is Django's CharField with only Django's length and null-character validators, each distinct text of the
        file is checked at once and what its clean would return remembered (ValueMemo.form_field's cache), with
        the text filter's result; if its model field is Django's CharField or TextField without choices, with only
        those validators, taking the value as the form cleaned it (no clean_<name>), the model field's cleaning
        of it is remembered too. A text that would fail any check is left out, so its row is cleaned as before and
        shows the same error. Rows repeat what was remembered exactly as they would after cleaning it themselves
        (a column of names or credit codes differs on every row, and each of its checks was a few calls per row)."""
        memo = form.__dict__["_memo"]
        kind = type(form)
        to_model = {name: f for f, name, _has_default, is_file, direct in memo._plan(form)[2] if direct and not is_file}
        text_filter, texts = self.text_filter, self.texts
        for name, _clean, cache, method in self.steps:
            field = form.fields[name]
            limits = _text_limits(field) if type(field) is forms.CharField and cache is not None else None
            if limits is None:
                continue
            model_field = to_model.get(name) if method is None and getattr(kind, f"clean_{name}", None) is None \
                else None
            model_cache, model_limits = None, None
            if model_field is not None and type(model_field) in (models.CharField, models.TextField) \
                    and model_field.choices is None:
                model_cache = memo._cache(model_field)
                model_limits = _text_limits(model_field) if model_cache is not None else None
            strip, empty = field.strip, field.empty_values
            for value in {data.get(name) for _number, data in rows}:
                if type(value) is not str or value in cache:
                    continue
                text = value.strip() if strip else value
                if text in empty or not _within(text, limits):
                    continue  # the row's own clean decides (and words the error)
                cache[value] = text
                if text_filter is not None:
                    done = texts.get(text)
                    if done is None:
                        done = texts[text] = text_filter(text)
                    text = done
                if model_limits is not None and text not in model_field.empty_values and _within(text, model_limits):
                    model_cache.setdefault((str, text), text)

    def __call__(self, form):
        """True if the row is valid (form validated as full_clean would), False at its first error."""
        form._errors = ErrorDict(renderer=form.renderer)
        cleaned = form.cleaned_data = {}
        data = form.data
        try:
            for name, clean, cache, method in self.steps:
                value = data.get(name)
                # ValueMemo.form_field's remembered(value), its cache read here (a call less per cell)
                if cache is not None and type(value) is str and value in cache:
                    cleaned[name] = cache[value]
                else:
                    cleaned[name] = clean(value)
                if method is not None:
                    cleaned[name] = method(form)
        except ValidationError:
            return False
        text_filter = self.text_filter
        if text_filter is not None:
            texts = self.texts
            for name, value in list(cleaned.items()):
                if isinstance(value, str):
                    done = texts.get(value)
                    if done is None:
                        done = texts[value] = text_filter(value)
                    cleaned[name] = done
        form._clean_form()
        if form._errors:
            return False
        form._post_clean()
        return not form._errors


_TEXT_VALIDATORS = {validators.MaxLengthValidator: "max", validators.MinLengthValidator: "min",
                    validators.ProhibitNullCharactersValidator: "nul"}


def _text_limits(field):
    """(shortest, longest, refuses NUL) of a text field whose validators are only Django's MinLength, MaxLength (an
    integer limit) and ProhibitNullCharacters validators, else None (FastClean.check_columns)."""
    low, high, nul = 0, None, False
    for v in field.validators:
        what = _TEXT_VALIDATORS.get(type(v))
        if what is None:
            return None
        if what == "nul":
            nul = True
            continue
        if type(v.limit_value) is not int:
            return None
        if what == "max":
            high = v.limit_value if high is None else min(high, v.limit_value)
        else:
            low = max(low, v.limit_value)
    return low, high, nul


def _within(text, limits):
    """Whether Django's validators of `limits` (_text_limits) let `text` through."""
    low, high, nul = limits
    n = len(text)
    return n >= low and (high is None or n <= high) and not (nul and "\x00" in text)


class _Cell:
    """What Field._clean_bound_field reads of a BoundField (`data`, or `initial` when the field is disabled)."""

    __slots__ = ("form", "field", "name", "data")

    def __init__(self, form, field, name):
        self.form, self.field, self.name = form, field, name
        self.data = form._widget_data_value(field.widget, form.add_prefix(name))

    @property
    def initial(self):
        return self.form.get_initial_for_field(self.field, self.name)


def _resolving(spec, name):
    resolve = getattr(spec, f"resolve_{name}")

    def clean(self):
        text = self.cleaned_data.get(name)
        return None if text in (None, "") else resolve(text, self.ctx)

    return clean


def build_row_form(spec):
    """A subclass of `spec.edit_form` taking the columns' fields only, with related records resolved by the spec
    (`resolve_<field>`), choices read from their labels (LabelChoiceField) and the model's defaults for empty cells."""
    base = spec.edit_form
    model = base._meta.model
    names = [c.field for c in spec.columns]
    by_name = {c.field: c for c in spec.columns}
    model_fields = {f.name: f for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    attrs = {"Meta": type("Meta", (base.Meta,), {"fields": [n for n in names if n in model_fields]}),
             "spec": spec, "__module__": base.__module__}
    resolved, defaults = [], {}
    for name in names:
        field = model_fields.get(name)
        if hasattr(spec, f"resolve_{name}"):
            required = by_name[name].required or (field is not None and not field.blank)
            attrs[name] = forms.CharField(required=required)
            attrs[f"clean_{name}"] = _resolving(spec, name)
            resolved.append(name)
        elif field is not None and field.is_relation:
            raise TypeError(f"{type(spec).__name__}: column {name!r} names a related record; "
                            f"give the spec a resolve_{name}(text, ctx) (no query per row, scope checked)")
        if field is not None and field.has_default() and not isinstance(field, models.BooleanField):
            if callable(field.default):  # e.g. timezone.localdate: called per import, never frozen at the first
                defaults[name] = field.default
                continue
            default = field.get_default()
            defaults[name] = default.value if hasattr(default, "value") else default
    attrs["resolved"], attrs["defaults"] = tuple(resolved), defaults
    form = type(f"{base.__name__}Row", (ImportRowMixin, base), attrs)
    form.base_fields = SharedFields((name, form.base_fields[name]) for name in names)
    for name, field in list(form.base_fields.items()):
        column = by_name[name]
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField) \
                and name not in resolved:
            field = form.base_fields[name] = LabelChoiceField(
                lookup=choice_lookup(field.choices, column.aliases), choices=field.choices,
                coerce=getattr(field, "coerce", str), empty_value=getattr(field, "empty_value", ""),
                required=field.required, label=field.label, validators=field.validators)
        messages = {"required": _message(gettext_lazy("“%(h)s”不能为空"), column.header)}
        if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
            field.input_formats = LEDGER_DATE_FORMATS
            messages["invalid"] = _message(gettext_lazy("“%(h)s”的日期格式应为 YYYY-MM-DD，如 2026-01-31"),
                                           column.header)
        elif isinstance(field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
            messages["invalid"] = _message(gettext_lazy("“%(h)s”应为数字"), column.header)
        field.error_messages = {**field.error_messages, **messages}
    return form


def _message(template, header):
    """`template` % header, translated when the message is shown (the form is built once for every language)."""
    return lazy(lambda: str(template) % {"h": header}, str)()


def _clean_cell(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, datetime.datetime):
        return v.date().isoformat() if v.time() == datetime.time() else v.isoformat(sep=" ")
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def run_job(job):
    """Run an ImportJob (from the task worker), keeping its progress and result on the row."""
    from yingji.platform.audit.context import acting
    from yingji.platform.audit.models import AuditEvent
    from yingji.platform.audit.recorder import record_event

    from .models import ImportJob

    spec = get(job.spec)
    started = time.monotonic()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(done, total):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    with acting(job.created_by, source="import"):
        try:
            with job.file.open("rb") as f:
                result = run(spec, f, job.filename, job.created_by, progress=progress)
        except Exception as e:  # a bug, not bad input: keep the job row truthful and re-raise for the worker log
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.FAILED, finished_at=timezone.now(),
                errors=[[0, "", _("系统错误：%(e)s") % {"e": type(e).__name__}]])
            raise
        status = ImportJob.Status.DONE if result.ok else ImportJob.Status.REJECTED
        ImportJob.objects.filter(pk=job.pk).update(
            status=status, total_rows=result.total, processed_rows=result.total, created_rows=result.created,
            skipped_rows=result.skipped,
            error_count=result.error_count, errors=[list(e) for e in result.errors], finished_at=timezone.now(),
            seconds=round(time.monotonic() - started, 2))
        record_event(AuditEvent.Kind.IMPORT, success=result.ok, user=job.created_by,
                     detail={"spec": job.spec, "file": job.filename, "rows": result.total,
                             "created": result.created, "skipped": result.skipped, "errors": result.error_count})
    return result


IMPORT_HELP = gettext_lazy("第 1 行为表头，列名须与模板一致；任何一行有错误则整个文件都不导入，请改正后重新上传。")
