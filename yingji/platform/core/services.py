"""Void and restore: the only way a business record leaves the default lists."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.audit.models import ObjectChange


@transaction.atomic
def void_record(obj, *, actor, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写作废原因")})
    if obj.voided_at is not None:
        raise ValidationError(_("该记录已作废"))
    obj.voided_at = timezone.now()
    obj.voided_by = actor
    obj.void_reason = reason[:500]
    obj._audit_action = ObjectChange.Action.VOID
    obj._audit_message = reason
    obj.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    return obj


@transaction.atomic
def restore_record(obj, *, actor):
    if obj.voided_at is None:
        raise ValidationError(_("该记录未作废，无需恢复"))
    obj.voided_at = None
    obj.voided_by = None
    obj.void_reason = ""
    obj._audit_action = ObjectChange.Action.RESTORE
    obj.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    return obj
