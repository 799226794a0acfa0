"""Sample enterprise accounts for tests and the permission matrix, and the 企业用户 persona."""

from yingji.platform.core.testing import PASSWORD, sample_factory
from yingji.supervision.enterprises.models import Enterprise

from . import services
from .choices import AccountRole
from .models import EnterpriseAccount

_counter = {"n": 0}


@sample_factory(EnterpriseAccount)
def make_account(world, region, **kw):
    _counter["n"] += 1
    enterprise = kw.pop("enterprise", None) or world.sample(Enterprise, region)
    account = services.create_account(enterprise, actor=world.users.admin,
                                      username=kw.pop("username", f"ent{_counter['n']}"), full_name="企业安全员",
                                      phone="13911112222", password=PASSWORD,
                                      role=kw.pop("role", AccountRole.SAFETY_MANAGER))
    # a persona is an account in use: its initial password has been changed (accounts/tests/test_password_change.py)
    type(account.user).objects.filter(pk=account.user_id).update(must_change_password=False)
    account.user.must_change_password = False
    return account


def make_enterprise_user(world):
    """world.users.enterprise_user: the safety manager of an enterprise in village A (township A1)."""
    enterprise = world.sample(Enterprise, world.regions.village_a)
    world.enterprise = enterprise
    return make_account(world, world.regions.village_a, enterprise=enterprise, username="enterprise_user").user
