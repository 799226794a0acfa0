"""The backend reads a user's permissions with one query written once per process (backends._permissions_sql): it
must answer what Django's ModelBackend answers, for every persona and for a permission given to the user himself."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from yingji.platform.accounts.backends import UserBackend
from yingji.platform.accounts.models import User


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no _perm_cache


@pytest.mark.django_db
def test_the_permissions_are_the_orms(world):
    checked = 0
    for label, user in vars(world.users).items():
        ours = UserBackend().get_all_permissions(_fresh(user))
        assert ours == ModelBackend().get_all_permissions(_fresh(user)), label
        checked += bool(ours)
    assert checked >= 10  # every persona with a role has permissions

    nobody = world.users.nobody
    assert UserBackend().get_all_permissions(_fresh(nobody)) == set()
    nobody.user_permissions.add(Permission.objects.get(codename="view_region"))
    assert UserBackend().get_all_permissions(_fresh(nobody)) == {"regions.view_region"}
    assert _fresh(nobody).has_perm("regions.view_region") and not _fresh(nobody).has_perm("regions.change_region")

    leader = _fresh(world.users.leader)
    leader.user_permissions.add(Permission.objects.get(codename="change_region"))
    both = UserBackend().get_all_permissions(_fresh(leader))
    assert "regions.change_region" in both and both == ModelBackend().get_all_permissions(_fresh(leader))

    User.objects.filter(pk=leader.pk).update(is_active=False)
    assert UserBackend().get_all_permissions(_fresh(leader)) == set()
    User.objects.filter(pk=nobody.pk).update(is_superuser=True)
    assert UserBackend().get_all_permissions(_fresh(nobody)) == {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
