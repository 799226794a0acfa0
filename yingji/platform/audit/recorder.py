"""Writes the audit trail: receivers for every audited model's saves and deletes, and explicit helpers for bulk work.

Every row carries the region of the record (its scope region, or for a child row without one, such as a checklist
item, the region of the record it belongs to: the model's `audit_parent`), so that the region's auditor sees it,
and a child row also names that record (related_content_type/related_object_id), so that the record's history
(变更记录) shows its rows' changes.
"""

import datetime
import decimal
import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from yingji.platform.core.bulkload import write_rows
from yingji.platform.core.models import AuditedMixin, ScopedMixin, rows_changed

from . import context
from .models import AuditEvent, ObjectChange


def _jsonable(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, (bytes, memoryview)):
        return None
    return value


def _audited_fields(model):
    exclude = set(getattr(model, "audit_exclude_fields", ()))
    return [f for f in model._meta.concrete_fields if f.name not in exclude and f.attname not in exclude]


def snapshot(instance):
    return {f.attname: _jsonable(getattr(instance, f.attname)) for f in _audited_fields(type(instance))}


def snapshot_of_values(model, values):
    """The snapshot of a row from the values Model.from_db() received (all concrete fields, in order)."""
    exclude = set(getattr(model, "audit_exclude_fields", ()))
    return {f.attname: _jsonable(v) for f, v in zip(model._meta.concrete_fields, values)
            if f.name not in exclude and f.attname not in exclude}


def _actor():
    ctx = context.current()
    user = ctx.user
    if hasattr(user, "resolve"):
        user = user.resolve()
    return ctx, user


_region_paths = {}


def region_path(model):
    """The path from a record of `model` to the region its audit rows carry ("" for a Region itself), or None.

    A scoped model's own `scope_region_field`; for a child row without one, `audit_parent` (the name of the
    foreign key to the record it belongs to) followed by that record's path.
    """
    if model not in _region_paths:
        path = None
        if issubclass(model, ScopedMixin):
            path = model.scope_region_field  # None: a model tied to no region (e.g. the nationwide calendar)
        elif getattr(model, "audit_parent", None):
            parent = model._meta.get_field(model.audit_parent)
            sub = region_path(parent.related_model)
            if sub is not None:
                path = f"{parent.name}__{sub}" if sub else parent.name
        _region_paths[model] = path
    return _region_paths[model]


def _region_id(instance):
    """The id of the record's region, read from the foreign key at the end of its region path (no Region query)."""
    path = region_path(type(instance))
    if path is None:
        return None
    if path == "":
        return instance.pk
    *parts, last = path.split("__")
    obj = instance
    try:
        for part in parts:
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)
    except ObjectDoesNotExist:
        return None


def _parent(instance):
    """(content type, id) of the record a child row belongs to (its model's audit_parent), or (None, None)."""
    name = getattr(type(instance), "audit_parent", None)
    if not name:
        return None, None
    field = instance._meta.get_field(name)
    return ContentType.objects.get_for_model(field.related_model, for_concrete_model=True), getattr(instance,
                                                                                                     field.attname)


def build_change(instance, action, pre, post, *, changed=None, message="", ct=None):
    ctx, user = _actor()
    parent_ct, parent_id = _parent(instance)
    return ObjectChange(
        user=user, user_name=(str(user) if user else ""), request_id=ctx.request_id, ip=ctx.ip, source=ctx.source,
        action=action, content_type=ct or ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=instance.pk, object_repr=str(instance)[:200], region_id=_region_id(instance),
        related_content_type=parent_ct, related_object_id=parent_id,
        prechange=pre, postchange=post, changed_fields=changed if changed is not None else [], message=message[:500],
    )


@receiver(pre_save)
def _fill_missing_snapshot(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedMixin) or instance._state.adding:
        return
    if getattr(instance, "_audit_snapshot", None) is None and instance.pk is not None:
        old = type(instance)._base_manager.filter(pk=instance.pk).first()
        instance._audit_snapshot = snapshot(old) if old is not None else None


@receiver(post_save)
def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedMixin):
        return
    post = snapshot(instance)
    action = getattr(instance, "_audit_action", None)
    message = getattr(instance, "_audit_message", "")
    if created:
        pre, changed = None, sorted(k for k, v in post.items() if v not in (None, ""))
        action = action or ObjectChange.Action.CREATE
    else:
        pre_all = getattr(instance, "_audit_snapshot", None) or {}
        changed = sorted(k for k in post if pre_all.get(k) != post[k])
        if not changed and not action:
            return
        pre = {k: pre_all.get(k) for k in changed}
        post = {k: post[k] for k in changed}
        action = action or ObjectChange.Action.UPDATE
    build_change(instance, action, pre, post, changed=changed, message=message).save()
    instance._audit_snapshot = snapshot(instance)
    instance._audit_action = None
    instance._audit_message = ""


@receiver(m2m_changed)
def _record_m2m(sender, instance, action, pk_set, **kwargs):
    if not isinstance(instance, AuditedMixin) or action not in ("post_add", "post_remove", "post_clear"):
        return
    field = next((f for f in instance._meta.many_to_many if f.remote_field.through is sender), None)
    if field is None:
        return
    verb = {"post_add": "+", "post_remove": "-", "post_clear": "clear"}[action]
    post = {field.name: sorted(o.pk for o in getattr(instance, field.name).all())}
    build_change(instance, ObjectChange.Action.UPDATE, {field.name: f"{verb}{sorted(pk_set or [])}"}, post,
                 changed=[field.name]).save()
    if field.name == "groups":
        record_event(AuditEvent.Kind.PERMISSION, target=instance.username, detail={"roles": post["groups"]})


def record_delete(sender, instance, **kwargs):
    """A deleted row of an audited model (child rows such as checklist items; business records are voided and
    cannot be deleted): one 删除 row holding the before-image, as loaded from the database, with its
    many-to-many links. Connected to each audited model in AuditConfig.ready(), so that other models keep
    Django's fast delete."""
    pre = dict(getattr(instance, "_audit_snapshot", None) or snapshot(instance))
    pre.update(instance.__dict__.pop("_audit_links", {}))
    changed = sorted(k for k, v in pre.items() if v not in (None, "", []))
    build_change(instance, ObjectChange.Action.DELETE, pre, None, changed=changed,
                 message=getattr(instance, "_audit_message", "")).save()


def _keep_links(sender, instance, **kwargs):
    """Before a delete: the row's many-to-many links, which Django removes before the row itself."""
    instance.__dict__["_audit_links"] = {
        field.name: sorted(getattr(instance, field.attname).values_list("pk", flat=True))
        for field in instance._meta.many_to_many}


def connect_delete_receivers():
    from django.apps import apps

    for model in apps.get_models():
        if issubclass(model, AuditedMixin):
            uid = f"audit-delete-{model._meta.label}"
            post_delete.connect(record_delete, sender=model, dispatch_uid=uid)
            if model._meta.many_to_many:
                pre_delete.connect(_keep_links, sender=model, dispatch_uid=uid)


def record_bulk_update(queryset, values, do_update):
    """QuerySet.update() on an audited model: one ObjectChange per changed row, written in bulk."""
    model = queryset.model
    if not issubclass(model, AuditedMixin):
        return do_update(**values)
    fields = [model._meta.get_field(name) for name in values]
    attnames = [f.attname for f in fields]
    before = {row["pk"]: row for row in queryset.values("pk", *attnames)}
    count = do_update(**values)
    if not before:
        return count
    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    changes = []
    for obj in model._base_manager.filter(pk__in=list(before)):
        pre_row = before[obj.pk]
        changed = [a for a in attnames if _jsonable(pre_row[a]) != _jsonable(getattr(obj, a))]
        if changed:
            changes.append(build_change(
                obj, ObjectChange.Action.UPDATE, {a: _jsonable(pre_row[a]) for a in changed},
                {a: _jsonable(getattr(obj, a)) for a in changed}, changed=changed, ct=ct))
    ObjectChange.objects.bulk_create(changes, batch_size=2000)
    return count


def record_bulk_create(objs, *, message=""):
    """Log the creation of rows inserted with bulk_create (the import framework calls this).

    The rows go in with one COPY (PostgreSQL) or executemany (SQLite), the constant columns prepared once: building
    an ObjectChange model instance per row and compiling it was the largest share of a 100,000-row import.
    The values pass through each field's get_db_prep_save, so SQLite and PostgreSQL get what the ORM would send.
    """
    if not objs:
        return
    from django.db import connections, router

    model = type(objs[0])
    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    ctx, user = _actor()
    fields = _audited_fields(model)
    using = router.db_for_write(ObjectChange)
    connection = connections[using]
    meta = ObjectChange._meta

    def prep(name, value):
        return meta.get_field(name).get_db_prep_save(value, connection)

    constant = {
        "time": prep("time", timezone.now()), "user": user.pk if user else None,
        "user_name": str(user) if user else "", "request_id": prep("request_id", ctx.request_id),
        "ip": prep("ip", ctx.ip), "source": ctx.source, "action": ObjectChange.Action.CREATE,
        "content_type": ct.pk, "prechange": prep("prechange", None), "message": message[:500],
    }
    parent = getattr(model, "audit_parent", None)
    parent_field = model._meta.get_field(parent) if parent else None
    constant["related_content_type"] = (
        ContentType.objects.get_for_model(parent_field.related_model, for_concrete_model=True).pk
        if parent_field else None)
    columns = [f for f in meta.concrete_fields if not f.primary_key]
    # the two JSON columns as the text json.dumps makes of them (what Django sends for a JSONField without an
    # encoder on SQLite; PostgreSQL's COPY parses the same text into jsonb)
    assert meta.get_field("postchange").encoder is None and meta.get_field("changed_fields").encoder is None
    dumps = json.dumps
    # a field whose attribute is the instance's own value is read from it (a file field's descriptor makes more)
    attnames = [(f.attname, type(model.__dict__.get(f.attname)) in (DeferredAttribute, ForeignKeyDeferredAttribute))
                for f in fields]
    as_is = (str, int, bool, type(None))

    # each row is a copy of the constant columns, the row's own values put in their places
    own = ("object_id", "object_repr", "region", "related_object_id", "postchange", "changed_fields")
    template = [None if f.name in own else constant[f.name] for f in columns]
    i_id, i_repr, i_region, i_related, i_post, i_changed = ([f.name for f in columns].index(n) for n in own)
    related_attname = parent_field.attname if parent_field else None
    # changed_fields is the JSON list of the names with a value: each name's JSON text made once
    names = {name: dumps(name) for name, _direct in attnames}

    def rows():
        for o in objs:
            values = o.__dict__
            post = {}
            for name, direct in attnames:
                v = values[name] if direct and name in values else getattr(o, name)
                post[name] = v if type(v) in as_is else _jsonable(v)
            # many-to-many links the caller writes with the rows (an import's inspectors): {field name: [ids]}, as
            # the page's m2m_changed row would state them
            post.update(getattr(o, "_audit_links_created", None) or {})
            row = template[:]
            row[i_id] = o.pk
            row[i_repr] = str(o)[:200]
            row[i_region] = _region_id(o)
            if related_attname is not None:
                row[i_related] = getattr(o, related_attname)
            row[i_post] = dumps(post)
            # what dumps(list) writes: the names' texts joined by ", " in brackets
            row[i_changed] = "[" + ", ".join([names.get(k) or dumps(k) for k, v in post.items()
                                              if v not in (None, "")]) + "]"
            yield row

    with connection.cursor() as cursor:
        # each row is built while the COPY is open: PostgreSQL parses and indexes the rows already sent while the
        # next ones are built (before, the server's share waited until every row was built)
        write_rows(cursor, meta.db_table, [f.column for f in columns], rows())
    rows_changed.send(sender=model)


def record_event(kind, *, success=True, user=None, target=None, detail=None, region_id=None):
    ctx, actor = _actor()
    user = user or actor
    AuditEvent.objects.create(
        kind=kind, success=success, user=user if (user is not None and user.pk) else None,
        username=(target or getattr(user, "username", "") or "")[:150], ip=ctx.ip, request_id=ctx.request_id,
        region_id=region_id if region_id is not None else getattr(user, "region_id", None), detail=detail or {},
    )


def history_for(instance, limit=200, *, masked=False, children=False):
    """The record's change rows, newest first, with its child rows' (`children`: rows whose model names the
    record's model as its audit_parent); with `masked`, the values of personal data (the fields each row's model
    declares personal, core/privacy.py) hidden, in the record's own rows and its child rows alike."""
    ct = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    where = Q(content_type=ct, object_id=instance.pk)
    if children:
        where |= Q(related_content_type=ct, related_object_id=instance.pk)
    rows = ObjectChange.objects.filter(where).select_related("content_type")[:limit]
    if not masked:
        return rows
    from yingji.platform.core.privacy import mask_values

    rows = list(rows)
    for change in rows:  # in memory only: change rows are never saved again
        model = change.content_type.model_class()
        change.prechange = mask_values(model, change.prechange)
        change.postchange = mask_values(model, change.postchange)
    return rows
