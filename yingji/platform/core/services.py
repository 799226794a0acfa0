"""Void and restore: the only way a business record leaves the default lists; `service`, the decorator of every
service function; and `snapshot`, the transaction of a check that compares two reads."""

import functools
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.audit.context import acting_as
from yingji.platform.audit.models import ObjectChange


def service(fn):
    """A service function `verb_noun(obj, *, actor, ...)`: it runs under transaction.atomic, and every change inside
    it (saves, QuerySet.update(), bulk inserts, deletes) is audited as its explicit `actor`, whoever the request's
    user is and also in a background task or a command, where there is no request. The request's id and address
    are kept."""

    @functools.wraps(fn)
    def run(*args, actor, **kwargs):
        with transaction.atomic(), acting_as(actor):
            return fn(*args, actor=actor, **kwargs)

    return run


@service
def void_record(obj, *, actor, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写作废原因")})
    if obj.voided_at is not None:
        raise ValidationError(_("该记录已作废"))
    refusal = obj.void_refusal() if hasattr(obj, "void_refusal") else None
    if refusal:
        raise ValidationError(refusal)
    obj.voided_at = timezone.now()
    obj.voided_by = actor
    obj.void_reason = reason[:500]
    obj._audit_action = ObjectChange.Action.VOID
    obj._audit_message = reason
    obj.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    return obj


@service
def restore_record(obj, *, actor):
    if obj.voided_at is None:
        raise ValidationError(_("该记录未作废，无需恢复"))
    obj.voided_at = None
    obj.voided_by = None
    obj.void_reason = ""
    obj._audit_action = ObjectChange.Action.RESTORE
    obj.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    return obj


@contextmanager
def snapshot():
    """A transaction in which every read sees one snapshot of the database, so that a change committed meanwhile is
    in both of two related reads or in neither, and a check comparing them (records against their counts, balances
    against their movements) finds no false difference: PostgreSQL's REPEATABLE READ when this is the outermost
    transaction (inside another one, the caller's isolation holds); on SQLite a transaction is a snapshot already."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield
