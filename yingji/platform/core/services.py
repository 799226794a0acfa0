"""Void and restore: the only way a business record leaves the default lists; and `service`, the decorator of every
service function."""

import functools

from django.core.exceptions import ValidationError
from django.db import transaction
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
