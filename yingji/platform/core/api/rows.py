"""A list API page read as `.values()` rows: the same JSON as the serializer's, without a model instance per row
nor DRF's per-field machinery (issue 14: a list's cost near its SQL).

`plan_for(serializer_class)` looks once at the serializer's readable fields (built without a request: which fields
a serializer shows never depends on the user here, only the choices of its related fields do, and a list shows no
choices) and answers a `RowPlan`, or None when a field needs the model instance. A field is read from a row when it
is
- a column of the model or of a record reached through forward foreign keys (source "enterprise.name"), shown by the
  field's own to_representation (a file column as its URL, as DRF's FileField shows it);
- a related record's id (PrimaryKeyRelatedField), or the ids of a many-to-many field (one query per page, ordered as
  the related model orders them, as a prefetch would be);
- the label of a choice (ChoiceDisplayField);
- an annotation of the view's queryset named as the source;
- a property of the model computed from the row's columns (e.g. Hazard.is_overdue): called on an object that has
  the row's column values as attributes; a property that needs more (a related record, a method) makes the page
  fall back to the serializer (`PropertyNeedsInstance`).
Anything else (a nested serializer, a method field, another related field, a serializer with its own
to_representation) answers None and the view uses the serializer. Personal data is masked as
ScopedSerializerMixin.to_representation masks it in lists. tests/integration/test_list_rows.py compares both outputs
for every list of the API.
"""

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import fields as drf_fields
from rest_framework import relations, serializers
from rest_framework.settings import api_settings

from ..privacy import mask

SKIP = object()


class PropertyNeedsInstance(Exception):
    """A property read something a row does not have: the page is serialised the ordinary way."""


class _Row:
    """The row's column values as attributes, for a model property's getter: a foreign key by its attname only
    (region_id); its name (region) is the related record, which a row does not have."""

    __slots__ = ("_values", "_relations")

    def __init__(self, values, relations):
        self._values = values
        self._relations = relations

    def __getattr__(self, name):
        if name in self._relations:
            raise PropertyNeedsInstance(name)
        try:
            return self._values[name]
        except KeyError:
            raise PropertyNeedsInstance(name) from None


def _path(model, source):
    """[(model field, ...)] along a dotted source through forward foreign keys, or None if it leaves them."""
    fields = []
    parts = source.split(".")
    for i, part in enumerate(parts):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.many_to_many:
            return None
        if i < len(parts) - 1 and not field.is_relation:
            return None
        fields.append(field)
        model = field.related_model
    return fields


class RowPlan:
    def __init__(self, model, entries, m2m, properties, personal):
        self.model = model
        self.entries = entries  # [(output name, kind, key, extra)]
        self.m2m = m2m  # {output name: (model field, child field)}
        self.properties = properties
        self.personal = personal  # {output name: kind}
        columns = {"pk"}
        for _name, kind, key, extra in entries:
            if kind in ("value", "file", "label"):
                columns.add(key)
                columns.update(extra.get("hops", ()))
        if properties:
            columns.update(f.attname for f in model._meta.concrete_fields)
        self.relations = frozenset(f.name for f in model._meta.concrete_fields if f.is_relation)
        self.columns = columns

    def usable(self, queryset):
        """False if an "annotation" source is not an annotation of this queryset."""
        return all(key in queryset.query.annotations for _n, kind, key, _e in self.entries if kind == "annotation")

    def values(self, queryset):
        names = sorted(self.columns | {key for _n, kind, key, _e in self.entries if kind == "annotation"})
        return queryset.prefetch_related(None).values(*names)

    def render(self, rows, request):
        """The serializer's output of each row (a list of dicts); PropertyNeedsInstance if a property cannot be read
        from a row."""
        many = self._many(rows)
        out = []
        for row in rows:
            data = {}
            for name, kind, key, extra in self.entries:
                if kind == "m2m":
                    data[name] = many[name].get(row["pk"], [])
                    continue
                hops = extra.get("hops")
                if hops and any(row[h] is None for h in hops):
                    value = extra["missing"]
                    if value is SKIP:
                        continue
                    data[name] = value
                    continue
                if kind == "property":
                    value = extra["getter"](_Row(row, self.relations))
                else:
                    value = row[key]
                if value is None:
                    data[name] = None
                elif kind == "file":
                    data[name] = _file_url(extra["field"], extra["model_field"], value, request)
                else:
                    data[name] = extra["convert"](value)
            for name, kind in self.personal.items():
                if name in data:
                    data[name] = mask(kind, data[name])
            out.append(data)
        return out

    def _many(self, rows):
        """{output name: {row pk: [related ids]}} of the many-to-many fields, one query each."""
        result = {}
        ids = [row["pk"] for row in rows]
        for name, (model_field, child) in self.m2m.items():
            found = {}
            if ids:
                back = model_field.related_query_name()
                pairs = model_field.related_model._default_manager.filter(**{f"{back}__in": ids}).values_list(
                    back, "pk")
                for owner, pk in pairs:
                    found.setdefault(owner, []).append(_related_id(child, pk))
            result[name] = found
        return result


def _related_id(field, pk):
    return field.pk_field.to_representation(pk) if field.pk_field is not None else pk


def _file_url(field, model_field, name, request):
    """DRF's FileField.to_representation of the stored name."""
    if not name:
        return None
    if not getattr(field, "use_url", api_settings.UPLOADED_FILES_USE_URL):
        return name
    url = model_field.storage.url(name)
    return request.build_absolute_uri(url) if request is not None else url


def _missing(field):
    """What DRF shows for a field whose source passes through an empty foreign key (Field.get_attribute)."""
    if field.default is not drf_fields.empty:
        return _UNSUPPORTED if callable(field.default) else field.default
    if field.allow_null:
        return None
    if not field.required:
        return SKIP
    return _UNSUPPORTED


_UNSUPPORTED = object()
_VALUE_FIELDS = (serializers.BaseSerializer, serializers.SerializerMethodField, serializers.HiddenField,
                 relations.RelatedField, relations.ManyRelatedField)


def _entry(model, name, field):
    """(output name, kind, key, extra) for one readable field, or None if it needs the instance."""
    source = field.source
    if source == "*" or not source:
        return None
    if isinstance(field, relations.ManyRelatedField):
        child = field.child_relation
        if type(child) is not relations.PrimaryKeyRelatedField or "." in source:
            return None
        try:
            model_field = model._meta.get_field(source)
        except FieldDoesNotExist:
            return None
        if not isinstance(model_field, models.ManyToManyField):  # forward only: a reverse relation is no field here
            return None
        return name, "m2m", source, {"model_field": model_field, "child": child}
    path = _path(model, source)
    key = source.replace(".", "__")
    if path is None:
        if "." in source or isinstance(field, _VALUE_FIELDS):
            return None
        attr = getattr(model, source, None)
        if isinstance(attr, property) and attr.fget is not None:
            return name, "property", source, {"getter": attr.fget, "convert": field.to_representation}
        return name, "annotation", source, {"convert": field.to_representation}
    extra = {}
    if len(path) > 1:
        missing = _missing(field)
        if missing is _UNSUPPORTED:
            return None
        hops = ["__".join(p.name for p in path[:i]) for i in range(1, len(path))]
        extra.update(hops=hops, missing=missing)
    last = path[-1]
    if type(field) is relations.PrimaryKeyRelatedField:
        if not last.is_relation:
            return None
        extra["convert"] = lambda pk, f=field: _related_id(f, pk)
        # the record's own foreign key is read by its column (region_id): the same value, and with a property on
        # the page every column is read anyway, so the query does not select it twice under two names
        return name, "value", last.attname if len(path) == 1 else key, extra
    if isinstance(field, _VALUE_FIELDS) or last.is_relation:
        return None
    if isinstance(last, models.FileField):
        if not isinstance(field, serializers.FileField):
            return None
        extra.update(field=field, model_field=last)
        return name, "file", key, extra
    extra["convert"] = field.to_representation
    return name, "value", key, extra


@cache
def plan_for(serializer_class):
    """The RowPlan of a serializer class, or None (see the module docstring). Computed once per class."""
    from .viewsets import ScopedSerializerMixin

    meta = getattr(serializer_class, "Meta", None)
    model = getattr(meta, "model", None)
    if model is None or not issubclass(serializer_class, ScopedSerializerMixin) \
            or serializer_class.to_representation is not ScopedSerializerMixin.to_representation:
        return None
    proto = serializer_class(context={})
    entries, m2m, properties = [], {}, False
    for name, field in proto.fields.items():
        if field.write_only:
            continue
        entry = _entry(model, name, field)
        if entry is None:
            return None
        if entry[1] == "m2m":
            m2m[name] = (entry[3]["model_field"], entry[3]["child"])
        properties = properties or entry[1] == "property"
        entries.append(entry)
    return RowPlan(model, entries, m2m, properties, proto._personal_fields())
