"""The bureau opens, and stops, an enterprise's accounts; the enterprise reports its own hazards (企业自查)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingji.platform.regions.choices import Level

from .choices import AccountRole
from .models import EnterpriseAccount

ROLE_CODE = "enterprise"


def township_of(region):
    """The township (乡镇/街道) that holds `region` (itself when it is one)."""
    if region.level <= Level.TOWNSHIP:
        return region
    return region.ancestors().filter(level=Level.TOWNSHIP).first() or region


@transaction.atomic
def create_account(enterprise, *, actor, username, full_name, phone, password, role):
    """A login for the enterprise's principal or safety manager: role 企业用户, region the enterprise's township."""
    from yingji.platform.accounts.models import Role, User

    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("用户名已存在")})
    user = User(username=username, full_name=full_name, phone=phone, region=township_of(enterprise.region),
                title=str(AccountRole(role).label))
    user.set_password(password)
    user.must_change_password = True  # the bureau chose it: the enterprise's person changes it at first login
    user.save()
    user.groups.add(Role.objects.get(code=ROLE_CODE).group)
    account = EnterpriseAccount(user=user, enterprise=enterprise, role=role, created_by=actor)
    account.full_clean(exclude=["user"])
    account.save()
    return account


@transaction.atomic
def set_active(account, *, actor, active):
    """启用/停用: a stopped account cannot log in, and sees nothing even if its login were restored."""
    account.active = bool(active)
    account.save(update_fields=["active", "updated_at"])
    user = account.user
    user.is_active = bool(active)
    user.save(update_fields=["is_active"])
    return account
