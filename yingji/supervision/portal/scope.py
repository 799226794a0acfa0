"""The enterprise scope dimension and the guard on what an enterprise user may change.

Marker: the permission portal.act_for_enterprise (held by the 企业用户 role). It is read from the permission cache
that restrict() has already filled, so users of the bureau pay no query for this dimension; an enterprise user pays
one query per request (his account, cached on the user object).
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from yingji.platform.core.models import register_scope_dimension

MARKER = "portal.act_for_enterprise"
_UNSET = object()

# what an enterprise user may change in his enterprise file (地址、联系人、安责险)
ENTERPRISE_FIELDS = ("address", "longitude", "latitude", "insurer", "insurance_policy", "insurance_expiry",
                     "principal_name", "principal_phone", "updated_at")
# the fields of a hazard the enterprise moves through the closed loop (开始整改、提交验收)
HAZARD_LOOP_FIELDS = ("plan_responsibility", "plan_measures", "plan_funds", "plan_time_limit", "plan_contingency",
                      "deadline", "responsible_person", "evidence", "evidence_file", "state", "submitted_by",
                      "submitted_at", "updated_at")
# and of a hazard he reported himself (企业自查), what he may correct
HAZARD_OWN_FIELDS = ("description", "category", "found_on", "photo", "found_by_name")


def is_enterprise_user(user):
    return bool(user is not None and getattr(user, "is_authenticated", False) and not user.is_superuser
                and user.has_perm(MARKER))


def account_of(user):
    """The user's active EnterpriseAccount, or None (cached on the user object)."""
    cached = getattr(user, "_portal_account", _UNSET)
    if cached is _UNSET:
        from .models import EnterpriseAccount

        cached = (EnterpriseAccount.objects.filter(user=user, active=True, voided_at__isnull=True)
                  .select_related("enterprise").first())
        user._portal_account = cached
    return cached


@register_scope_dimension
def enterprise_dimension(user, model):
    if not is_enterprise_user(user):
        return None
    account = account_of(user)
    field = getattr(model, "scope_enterprise_field", None)
    if account is None or not field:
        return False
    return Q(**{field: account.enterprise_id})


def _changed_outside(instance, allowed):
    """Names of the fields outside `allowed` whose value differs from the stored row (one query)."""
    fields = [f for f in instance._meta.concrete_fields if f.name not in allowed and not f.primary_key]
    stored = type(instance)._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields]).first() or {}

    def norm(value):
        return "" if value is None or value == "" else str(value)

    return {f.name for f in fields if norm(getattr(instance, f.attname)) != norm(stored.get(f.attname))}


def guard_enterprise_user_saves(sender, instance, **kwargs):
    """pre_save: an enterprise user changes only his subset of the file, and hazards only as the enterprise may."""
    from yingji.platform.audit.context import current
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.choices import HazardSource
    from yingji.supervision.hazards.models import Hazard

    if sender not in (Enterprise, Hazard):
        return
    user = current().user
    if hasattr(user, "resolve"):
        user = user.resolve()
    if not is_enterprise_user(user):
        return
    account = account_of(user)
    if account is None:
        raise ValidationError(_("企业账号已停用"))
    if sender is Enterprise:
        if instance.pk is None or instance.pk != account.enterprise_id:
            raise ValidationError(_("企业用户只能维护本企业的档案"))
        extra = _changed_outside(instance, set(ENTERPRISE_FIELDS))
        if extra:
            labels = "、".join(str(sender._meta.get_field(f).verbose_name) for f in sorted(extra))
            raise ValidationError(_("企业用户不能修改：%(fields)s（请联系应急管理局）") % {"fields": labels})
        return
    if instance.enterprise_id != account.enterprise_id:
        raise ValidationError(_("企业用户只能登记本企业的隐患"))
    if instance.pk is None:
        if instance.source != HazardSource.SELF_INSPECTION:
            raise ValidationError(_("企业用户登记的隐患来源只能是企业自查"))
        if instance.found_by_id not in (None, user.pk):
            raise ValidationError(_("企业自查隐患的发现人只能是本人"))
        if instance.supervision_level:
            raise ValidationError(_("挂牌督办由监管部门决定"))
        return
    allowed = set(HAZARD_LOOP_FIELDS)
    if instance.source == HazardSource.SELF_INSPECTION:
        allowed |= set(HAZARD_OWN_FIELDS)
    extra = _changed_outside(instance, allowed)
    if extra:
        labels = "、".join(str(sender._meta.get_field(f).verbose_name) for f in sorted(extra))
        raise ValidationError(_("企业用户不能修改：%(fields)s") % {"fields": labels})
