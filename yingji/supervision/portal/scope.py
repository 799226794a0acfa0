"""The enterprise scope dimension and the guard on what an enterprise user may change.

Who is an enterprise user: anyone with an EnterpriseAccount (active or stopped), whatever his roles' permissions
say, and anyone holding the marker permission portal.act_for_enterprise (the 企业用户 role) even without an account.
So an administrator who takes the marker away from the role does not widen those users' scope to their township:
they stay enterprise users (and without an active account see nothing).

Cost: the account is read from the relation the authentication backend (accounts/backends.py) loads with the user
(`select_related("enterprise_account")`, registered in PortalConfig.ready), and the marker from the permission
cache that restrict() has already filled. A bureau user pays no query for this dimension; only a user loaded without
the relation (DRF token authentication) pays one, once per request (Django caches the answer on the user object).
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from yingji.platform.accounts.colleagues import register_outside_accounts
from yingji.platform.core.models import register_external_user_test, register_scope_dimension

MARKER = "portal.act_for_enterprise"
# the reverse one-to-one from the user to his EnterpriseAccount (models.EnterpriseAccount.user)
ACCOUNT_RELATION = "enterprise_account"

# what an enterprise user may change in his enterprise file (地址、联系人、安责险)
ENTERPRISE_FIELDS = ("address", "longitude", "latitude", "insurer", "insurance_policy", "insurance_expiry",
                     "principal_name", "principal_phone", "updated_at")
# the fields of a hazard the enterprise moves through the closed loop (开始整改、提交验收)
HAZARD_LOOP_FIELDS = ("plan_responsibility", "plan_measures", "plan_funds", "plan_time_limit", "plan_contingency",
                      "deadline", "responsible_person", "evidence", "evidence_file", "state", "submitted_by",
                      "submitted_at", "updated_at")
# and of a hazard he reported himself (企业自查), what he may correct
HAZARD_OWN_FIELDS = ("description", "category", "found_on", "photo", "found_by_name")


def _visible_to_enterprise():
    """Extra conditions on some models that name an enterprise: the part of them the enterprise may see.

    - a case is the enterprise's from 立案 on; 待立案 is the bureau's own consideration whether to open one;
    - of the other measures, 约谈, 曝光 and 典型案例（公开） are done to it or published about it; a typical case
      reported upwards (上报) and a transfer to the judicial authorities (移送司法机关) are internal.
    """
    from yingji.supervision.enforcement.choices import CaseState, MeasureKind
    from yingji.supervision.enforcement.models import CaseStep, EnforcementCase, Measure, Penalty

    filed = ~Q(state=CaseState.DRAFT)
    return {
        EnforcementCase: filed,
        CaseStep: ~Q(case__state=CaseState.DRAFT),
        Penalty: ~Q(case__state=CaseState.DRAFT),
        Measure: Q(kind__in=[MeasureKind.INTERVIEW, MeasureKind.EXPOSURE, MeasureKind.TYPICAL_PUBLISHED]),
    }


_VISIBLE = {}


def visible_to_enterprise(model):
    if not _VISIBLE:
        _VISIBLE.update(_visible_to_enterprise())
    return _VISIBLE.get(model)


def has_account(user):
    """True if `user` has an EnterpriseAccount, active or not (no query when the relation is loaded)."""
    return stored_account(user) is not None


def stored_account(user):
    """The user's EnterpriseAccount whatever its state, or None; Django caches the answer on the user object."""
    try:
        return getattr(user, ACCOUNT_RELATION)
    except (ObjectDoesNotExist, AttributeError):
        return None


@register_external_user_test
def is_enterprise_user(user):
    if user is None or not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    return has_account(user) or user.has_perm(MARKER)


@register_outside_accounts
def enterprise_accounts():
    """The same users as is_enterprise_user, as a Q for the people pickers (accounts/colleagues.py)."""
    from yingji.platform.accounts.colleagues import holders_of

    return Q(**{f"{ACCOUNT_RELATION}__isnull": False}) | Q(pk__in=holders_of(MARKER))


def account_of(user):
    """The user's EnterpriseAccount if it is in use (启用, not voided), else None."""
    account = stored_account(user)
    if account is None or not account.active or account.voided_at is not None:
        return None
    return account


@register_scope_dimension
def enterprise_dimension(user, model):
    if not is_enterprise_user(user):
        return None
    account = account_of(user)
    field = getattr(model, "scope_enterprise_field", None)
    if account is None or not field:
        return False
    q = Q(**{field: account.enterprise_id})
    extra = visible_to_enterprise(model)
    return q if extra is None else q & extra


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
