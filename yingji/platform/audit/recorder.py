"""Writes the audit trail: one receiver for every audited model's saves, and explicit helpers for bulk work."""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from yingji.platform.core.models import AuditedMixin

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


def _region_id(instance):
    try:
        if getattr(instance, "scope_region_field", None) == "":
            return instance.pk
        field = getattr(instance, "scope_region_field", None)
        if field and "__" not in field:
            return getattr(instance, f"{field}_id", None)
        region = instance.scope_region()
        return region.pk if region is not None else None
    except Exception:
        return None


def build_change(instance, action, pre, post, *, changed=None, message="", ct=None):
    ctx, user = _actor()
    return ObjectChange(
        user=user, user_name=(str(user) if user else ""), request_id=ctx.request_id, ip=ctx.ip, source=ctx.source,
        action=action, content_type=ct or ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=instance.pk, object_repr=str(instance)[:200], region_id=_region_id(instance),
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

    The rows go in with one executemany INSERT per batch, the constant columns prepared once: building an
    ObjectChange model instance per row and compiling it was the largest share of a 100,000-row import.
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
    json_field = meta.get_field("postchange")
    columns = [f for f in meta.concrete_fields if not f.primary_key]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in columns),
        ", ".join(["%s"] * len(columns)))
    rows = []
    for o in objs:
        post = {f.attname: _jsonable(getattr(o, f.attname)) for f in fields}
        per_row = {
            "object_id": o.pk, "object_repr": str(o)[:200], "region": _region_id(o),
            "postchange": json_field.get_db_prep_save(post, connection),
            "changed_fields": json_field.get_db_prep_save([k for k, v in post.items() if v not in (None, "")],
                                                          connection),
        }
        rows.append([per_row[f.name] if f.name in per_row else constant[f.name] for f in columns])
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start:start + 2000])


def record_event(kind, *, success=True, user=None, target=None, detail=None, region_id=None):
    ctx, actor = _actor()
    user = user or actor
    AuditEvent.objects.create(
        kind=kind, success=success, user=user if (user is not None and user.pk) else None,
        username=(target or getattr(user, "username", "") or "")[:150], ip=ctx.ip, request_id=ctx.request_id,
        region_id=region_id if region_id is not None else getattr(user, "region_id", None), detail=detail or {},
    )


def history_for(instance, limit=200, *, masked=()):
    """The record's change rows, newest first; the values of the `masked` fields (personal data) hidden."""
    ct = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    rows = ObjectChange.objects.filter(content_type=ct, object_id=instance.pk).select_related("content_type")[:limit]
    if not masked:
        return rows
    rows = list(rows)
    for change in rows:  # in memory only: change rows are never saved again
        change.prechange = _mask_values(change.prechange, masked)
        change.postchange = _mask_values(change.postchange, masked)
    return rows


def _mask_values(values, fields):
    from yingji.platform.core.privacy import mask_phone

    if not values:
        return values
    return {k: (mask_phone(v) if "phone" in k else "******") if k in fields and v not in (None, "") else v
            for k, v in values.items()}
