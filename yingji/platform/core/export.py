"""One export path for every list page (导出Excel / CSV): the table's columns, compiled once, over the list's rows.

A list page's export is its table without the HTML: the same columns in the same order (less those marked
`exclude_from_export` or named in the table's `Meta.export_exclude`), the same headers, the same `value_<name>` /
`render_<name>` / column `value()` methods (so masking of personal data stays that of the table), over exactly the
filtered, sorted, region-scoped queryset of the list. What it does not do is go through django-tables2's per-cell
pipeline (`Table.as_values` → `BoundRow._get_and_render_with`, which resolves every accessor by trial and inspects
every method's signature for every cell): each column is compiled once into a getter (a C-level attrgetter along
the foreign keys, choice labels mapped once, the value method called with the arguments its signature names) and
the rows are read once, `select_related` along the columns' foreign keys, `iterator(chunk_size=…)` (a server-side
cursor on PostgreSQL), so memory does not grow with the rows.

Cells are typed by the writer (core/excel.py): dates as dates, numbers as numbers, 是/否 for booleans, text as text
(never a formula; see excel.safe_text).
"""

import datetime
import html
import inspect
import json
import operator
from decimal import Decimal

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django_tables2.rows import BoundRow

CHUNK = 2000
EMPTY_MARK = "—"
_ARGS = ("value", "record", "column", "bound_column", "bound_row", "table")


class ExportColumn:
    """One exported column: its header and a function record -> cell value (None for an empty cell)."""

    __slots__ = ("name", "header", "cell", "related", "loads", "whole")

    def __init__(self, name, header, cell, related, loads=None, whole=True):
        self.name, self.header, self.cell, self.related = name, header, cell, related
        self.loads = loads  # the model-field path the cell reads ("enterprise__name"), None when not a field path
        self.whole = whole  # True: the related records on the way are read whole (a value method reads them)


def export_columns(table):
    """The exported columns of a configured table instance, in the table's order."""
    exclude = set(getattr(getattr(table, "Meta", None), "export_exclude", ()) or ())
    model = getattr(getattr(table, "_meta", None), "model", None)
    out = []
    for bound in table.columns.iterall():
        if bound.column.exclude_from_export or bound.name in exclude:
            continue
        out.append(_compile(table, bound, model))
    return out


def select_related_paths(columns):
    return sorted({path for c in columns for path in c.related})


def _compile(table, bound, model):
    getter, related, choice_display, loads = _getter(bound.accessor, model)
    empty = tuple(bound.column.empty_values)
    value_fn = _value_function(table, bound)

    if value_fn is None:
        def cell(record, getter=getter, empty=empty):
            value = getter(record)
            return None if value in empty else value
    else:
        def cell(record, getter=getter, empty=empty, value_fn=value_fn):
            value = getter(record)
            if value in empty:  # a column whose render_<name> handles None itself has no empty values
                return None
            return value_fn(value, record)

    # a value or render method may read any field of the records it reaches: they are then loaded whole
    return ExportColumn(bound.name, force_str(bound.header), cell, related, loads, whole=value_fn is not None)


# --- the value of the accessor --------------------------------------------------------------------------------------
def _getter(accessor, model):
    """(record -> raw value, select_related paths, choice mapping, field path) for a django-tables2 accessor.

    A path of model fields becomes one attrgetter (an empty foreign key on the way gives None); its last field's
    choices are mapped to their labels once (as get_FOO_display does). Anything else (a property, an annotation, a
    method) is resolved as django-tables2 resolves it."""
    bits = list(tables.A(accessor).bits)
    related, field, current = [], None, model
    ok = current is not None and bool(bits)
    for i, bit in enumerate(bits if ok else ()):
        last = i == len(bits) - 1
        if bit == "pk":
            field = None
            ok = last
            break
        try:
            field = current._meta.get_field(bit)
        except (FieldDoesNotExist, AttributeError):
            ok = False
            break
        if field.many_to_many or field.one_to_many or (not last and not field.is_relation):
            ok = False
            break
        if field.is_relation:
            # a foreign key on the way is joined in; one at the end is the related object (its str is the value)
            related.append("__".join(bits[:i + 1]))
            current = field.related_model
    if not ok:
        acc = tables.A(accessor)

        def resolve(record):
            try:
                return acc.resolve(record)
            except Exception:  # noqa: BLE001 — django-tables2 treats an unresolvable accessor as empty
                return None

        return resolve, [], None, None
    get = operator.attrgetter(".".join(bits))
    loads = "__".join(bits)
    if field is not None and getattr(field, "choices", None):
        labels = {k: force_str(v) for k, v in field.flatchoices}

        def choice(record, get=get, labels=labels):
            try:
                raw = get(record)
            except AttributeError:
                return None
            try:
                return labels.get(raw, raw)
            except TypeError:  # an unhashable value
                return raw

        return choice, related, labels, loads

    def plain(record, get=get):
        try:
            return get(record)
        except AttributeError:
            return None

    return plain, related, None, loads


# --- the column's value method --------------------------------------------------------------------------------------
def _value_function(table, bound):
    """None when the value is the accessor's value as is; else fn(value, record) returning the cell's value.

    The precedence is django-tables2's (value_<name>, then render_<name>, then the column's value()), with three
    exceptions that keep cells typed: a DateColumn's date stays a date (not ISO text), a JSONColumn is its JSON
    text (not <pre> HTML), and a table's render_<name> used for want of a value_<name> has its HTML removed."""
    column = bound.column
    fn = bound.value
    own = getattr(fn, "__func__", None)
    ctype = type(column)
    if fn == column.value:
        if isinstance(column, tables.JSONColumn):
            return lambda value, record: json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
        if isinstance(column, (tables.DateColumn, tables.DateTimeColumn)) and ctype.render in (
                tables.DateColumn.render, tables.DateTimeColumn.render, tables.Column.render):
            return _typed_date
        if ctype.value is tables.Column.value and ctype.render is tables.Column.render:
            return None
        if ctype.value is tables.Column.value:  # the column's own render(), used for want of a value()
            return _caller(column.render, table, bound, html=True)
        return _caller(fn, table, bound)
    is_render = own is not None and getattr(own, "__name__", "").startswith("render_")
    return _caller(fn, table, bound, html=is_render)


def _typed_date(value, record):
    return value


def _caller(fn, table, bound, html=False):
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        params = {}
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        wanted = _ARGS
    else:
        wanted = tuple(a for a in _ARGS if a in params)
    column = bound.column
    needs = set(wanted)

    def call(value, record):
        kwargs = {}
        if "value" in needs:
            kwargs["value"] = value
        if "record" in needs:
            kwargs["record"] = record
        if "column" in needs:
            kwargs["column"] = column
        if "bound_column" in needs:
            kwargs["bound_column"] = bound
        if "table" in needs:
            kwargs["table"] = table
        if "bound_row" in needs:
            kwargs["bound_row"] = BoundRow(record, table)
        out = fn(**kwargs)
        if html and isinstance(out, SafeData):
            out = html_to_text(out)
        if html and out == EMPTY_MARK:  # the page's mark of an empty cell is an empty cell in the workbook
            return None
        return force_str(out, strings_only=True)

    return call


def html_to_text(value):
    return html.unescape(strip_tags(str(value))).strip()


# --- rows -------------------------------------------------------------------------------------------------------------
def prepared_queryset(queryset, columns):
    """The list's queryset with the columns' foreign keys joined in, and of a joined record only the fields the
    columns read (a hazard's enterprise: its name, not its forty fields with their dates to convert): the record's
    own fields are all loaded, as its value methods may read any of them. A joined record that the view joined for
    itself, or whose str() is a cell, is loaded whole. The export test counts the queries of every ledger, so a value
    method that reads a field left out here fails it (one query per row) instead of slowing the export."""
    if not isinstance(queryset, models.QuerySet) or queryset._fields is not None:
        return queryset
    paths = select_related_paths(columns)
    if paths:
        queryset = queryset.select_related(*paths)
    only = _only_fields(queryset, columns)
    return queryset.only(*only) if only else queryset


def _only_fields(queryset, columns):
    tree = queryset.query.select_related
    if not isinstance(tree, dict) or not tree or queryset.query.deferred_loading[0]:
        return None  # nothing joined, select_related() of every key, or the view chose its own only()/defer()
    read = {}  # path of a joined record -> the field names the columns read of it (None: all of them)
    for column in columns:
        if not column.loads:
            continue
        *path, last = column.loads.split("__")
        for i in range(1, len(path) + 1):
            read.setdefault(tuple(path[:i]), set())
            if column.whole:
                read[tuple(path[:i])] = None
        if path:
            fields = read[tuple(path)]
            if fields is not None:
                fields.add(last)
        field = _field_at(queryset.model, column.loads)
        if field is not None and field.is_relation:  # the related record itself (its str()) is the value
            read[tuple(path) + (last,)] = None
    out = [f.name for f in queryset.model._meta.concrete_fields]

    def walk(model, branch, prefix):
        for name, sub in branch.items():
            try:
                rel = model._meta.get_field(name).related_model
            except FieldDoesNotExist:
                return False
            path = prefix + (name,)
            fields = read.get(path)
            names = [f.name for f in rel._meta.concrete_fields] if fields is None else \
                sorted(set(fields) | set(sub) | {rel._meta.pk.name})
            out.extend("__".join(path + (n,)) for n in names)
            if walk(rel, sub, path) is False:
                return False
        return True

    return out if walk(queryset.model, tree, ()) else None


def _field_at(model, path):
    field = None
    for bit in path.split("__"):
        try:
            field = model._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


def iter_records(queryset, chunk_size=CHUNK):
    if isinstance(queryset, models.QuerySet):
        return queryset.iterator(chunk_size=chunk_size)
    return iter(queryset)


def iter_rows(columns, records):
    cells = [c.cell for c in columns]
    for record in records:
        yield [cell(record) for cell in cells]


def is_number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def is_date(value):
    return isinstance(value, (datetime.date, datetime.datetime))
