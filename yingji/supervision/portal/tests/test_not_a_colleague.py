"""An enterprise account is never offered as a colleague (inspector, 发现人 …), whatever roles it holds."""

import pytest

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.accounts.models import Role
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.portal.choices import AccountRole
from yingji.supervision.portal.models import EnterpriseAccount

pytestmark = pytest.mark.django_db


def test_an_enterprise_account_is_not_a_colleague_even_with_a_bureau_role(world):
    u = world.users.township_b
    EnterpriseAccount.objects.create(user=u, enterprise=world.sample(Enterprise), role=AccountRole.PRINCIPAL)
    u.groups.add(Role.objects.get(code="enforcement").group)
    offered = {x.username for x in colleagues(world.users.leader, "hazards.add_hazard")}
    assert "township_b" not in offered and "township_a" in offered
