"""The people pickers offer only colleagues who may do the work: active bureau accounts of the right role in scope,
never an enterprise account, the auditor, the system administrator or a superuser."""

import pytest

from yingji.platform.accounts.colleagues import colleagues, eligible
from yingji.platform.accounts.models import Role, User

pytestmark = pytest.mark.django_db

PERM = "regions.view_region"  # every role holds it: what decides is who is left out
EVERYONE_IN_COUNTY_A = ["department", "disaster", "duty", "inspector", "inspector2", "leader", "township_a",
                        "township_b"]


def names(qs):
    return sorted(u.username for u in qs)


def _user(world, username, role, region, **kw):
    u = User.objects.create(username=username, full_name=username, region=region, **kw)
    if role:
        u.groups.add(Role.objects.get(code=role).group)
    return u


def test_only_active_bureau_accounts_of_the_right_role_in_scope(world):
    r = world.regions
    _user(world, "retired", "enforcement", r.county, is_active=False)
    _user(world, "neighbour", "enforcement", r.other_county)
    _user(world, "factory", "enterprise", r.township_a)
    both = _user(world, "admin_and_officer", "enforcement", r.county)
    both.groups.add(Role.objects.get(code="sysadmin").group)
    _user(world, "root", None, r.county, is_superuser=True)
    direct = _user(world, "direct", None, r.township_b)
    from django.contrib.auth.models import Permission

    direct.user_permissions.add(Permission.objects.get(content_type__app_label="accounts",
                                                       codename="view_personal_data"))

    offered = names(colleagues(world.users.leader, PERM))
    assert offered == EVERYONE_IN_COUNTY_A
    # never: the system administrator (also not when he holds a second role), the auditor, an enterprise account,
    # a superuser, an inactive account, a user of another county, an account without the right
    for name in ("admin", "admin_and_officer", "auditor", "factory", "root", "retired", "neighbour", "nobody",
                 "direct"):
        assert name not in offered
    # the right held directly counts like the right of a role (局领导 holds it by his role; the admin is left out)
    assert names(colleagues(world.users.leader, "accounts.view_personal_data")) == ["direct", "leader"]


def test_the_scope_is_the_users_region_or_on_request_his_county(world):
    u = world.users
    assert names(colleagues(u.township_a, PERM)) == ["disaster", "township_a"]
    # the county reach adds the county's own accounts, never another township's (issue 16, item 7)
    assert names(colleagues(u.township_a, PERM, reach="county")) == [
        n for n in EVERYONE_IN_COUNTY_A if n != "township_b"]
    assert names(colleagues(u.outsider, PERM)) == []
    # a user of another county sees none of county A's people, whatever the reach
    assert names(colleagues(u.outsider, PERM, reach="county")) == []


def test_no_user_no_region_no_choice(world):
    from django.contrib.auth.models import AnonymousUser

    assert not colleagues(None, PERM).exists()
    assert not colleagues(AnonymousUser(), PERM).exists()
    regionless = User.objects.create(username="floating")
    assert not colleagues(regionless, PERM).exists()
    superuser = User.objects.create(username="su", is_superuser=True)
    assert names(colleagues(superuser, PERM)) == names(eligible(PERM))


def test_the_choice_costs_one_query_whatever_the_number_of_people(world, django_assert_num_queries):
    for i in range(30):
        _user(world, f"extra{i}", "enforcement", world.regions.county)
    with django_assert_num_queries(1):
        assert len(list(colleagues(world.users.leader, PERM))) == len(EVERYONE_IN_COUNTY_A) + 30
