"""The backend reads a user's permissions with one query written once per process (backends._permissions_sql): it
must answer what Django's ModelBackend answers, for every persona and for a permission given to the user himself.
The session's user and an API token's row are loaded by queries compiled once per process (backends.CompiledGet):
they must be what the ORM loads, and nothing of them may outlive the request: a withdrawn permission, a deactivated
account and a revoked token are refused at the very next request."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from rest_framework.test import APIClient

from yingji.platform.accounts.backends import UserBackend, load_user, session_user_queryset
from yingji.platform.accounts.models import Role, User
from yingji.platform.accounts.tokens import issue_token, revoke_token, token_queryset, token_rows


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


def _loaded(obj, seen=None):
    """Everything the ORM put in `obj`: its column values and annotations, its database, and the records that came
    with it (select_related), each as much, followed until a record met before."""
    seen = set() if seen is None else seen
    if obj is None or id(obj) in seen:
        return None if obj is None else ("seen", type(obj).__name__, obj.pk)
    seen.add(id(obj))
    values = {name: value for name, value in vars(obj).items() if name != "_state"}
    related = {name: _loaded(other, seen) for name, other in obj._state.fields_cache.items()}
    return type(obj), values, related, obj._state.db, obj._state.adding


@pytest.mark.django_db
def test_the_session_user_is_the_orms(world, django_assert_num_queries):
    for label, user in vars(world.users).items():
        orm = session_user_queryset().get(pk=user.pk)
        with django_assert_num_queries(1):
            ours = load_user(user.pk)
        assert _loaded(ours) == _loaded(orm), label
        assert {"region", "organisation"} <= set(ours._state.fields_cache), label
    assert load_user(-1) is None and load_user(None) is None
    assert UserBackend().get_user(world.users.leader.pk).pk == world.users.leader.pk

    # the second factor's answers are read each time: a confirmed device, then a role that requires it
    from django_otp.plugins.otp_totp.models import TOTPDevice

    nobody = world.users.nobody
    assert not load_user(nobody.pk)._has_otp_device
    TOTPDevice.objects.create(user=nobody, name="phone", confirmed=True)
    assert load_user(nobody.pk)._has_otp_device
    assert load_user(nobody.pk)._has_2fa_role == session_user_queryset().get(pk=nobody.pk)._has_2fa_role


@pytest.mark.django_db
def test_the_token_rows_are_the_orms(world, django_assert_num_queries):
    user = world.users.inspector
    token, secret = issue_token(user, actor=user, name="对接")
    issue_token(world.users.leader, actor=world.users.leader, name="另一个")
    key = token.token_key
    orm = list(token_queryset().filter(token_key=key))
    with django_assert_num_queries(1):
        ours = token_rows(key)
    assert [_loaded(row) for row in ours] == [_loaded(row) for row in orm] and len(ours) == 1
    assert token_rows("0" * len(key)) == []


@pytest.mark.django_db
def test_nothing_of_the_user_outlives_the_request(world, client_for):
    """A withdrawn permission, a deactivated account, a revoked token: refused at the next request, on a session as
    with a token."""
    leader = world.users.leader
    session = client_for(leader)
    token, secret = issue_token(leader, actor=leader, name="对接")
    api = APIClient(HTTP_AUTHORIZATION=f"Token {secret}")
    page, endpoint = reverse("regions:region_list"), "/api/v1/regions/"
    assert session.get(page).status_code == 200 and api.get(endpoint).status_code == 200

    group = Group.objects.get(pk=Role.objects.get(code="leader").group_id)
    leader.groups.remove(group)
    assert session.get(page).status_code == 403 and api.get(endpoint).status_code == 403
    leader.groups.add(group)
    assert session.get(page).status_code == 200 and api.get(endpoint).status_code == 200

    User.objects.filter(pk=leader.pk).update(is_active=False)
    response = session.get(page)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    response = api.get(endpoint)
    assert response.status_code == 401 and response.json()["code"] == "user_inactive"
    User.objects.filter(pk=leader.pk).update(is_active=True)
    assert api.get(endpoint).status_code == 200

    revoke_token(token, actor=leader)
    response = api.get(endpoint)
    assert response.status_code == 401 and response.json()["code"] == "token_revoked"


class _Refusing:
    """A backend that refuses one permission outright (PermissionDenied), as a backend may."""

    def has_perm(self, user_obj, perm, obj=None):
        from django.core.exceptions import PermissionDenied

        if perm == "regions.view_region":
            raise PermissionDenied
        return False


@pytest.mark.django_db
def test_has_perm_is_djangos_answer(world, settings):
    """User.has_perm keeps the backends per process, not the answers: the same answer as Django's PermissionsMixin
    for every persona, an inactive one, a superuser, a backend that refuses, and a permission withdrawn."""
    from django.contrib.auth.models import PermissionsMixin

    perms = ["regions.view_region", "regions.change_region", "accounts.change_user", "hazards.view_hazard",
             "audit.restore_record", "nonexistent.perm"]

    def both(user, perm):
        return _fresh(user).has_perm(perm), PermissionsMixin.has_perm(_fresh(user), perm)

    def same_for_all():
        answers = set()
        for label, user in vars(world.users).items():
            for perm in perms:
                ours, django = both(user, perm)
                assert ours == django, (label, perm)
                answers.add(ours)
        assert answers == {True, False}

    same_for_all()
    leader = world.users.leader
    User.objects.filter(pk=leader.pk).update(is_superuser=True)
    assert both(leader, "nonexistent.perm") == (True, True)
    User.objects.filter(pk=leader.pk).update(is_active=False)
    assert both(leader, "regions.view_region") == (False, False)
    User.objects.filter(pk=leader.pk).update(is_active=True, is_superuser=False)

    settings.AUTHENTICATION_BACKENDS = [f"{__name__}._Refusing", *settings.AUTHENTICATION_BACKENDS]
    assert both(leader, "regions.view_region") == (False, False)
    assert both(leader, "hazards.view_hazard") == (True, True)
    same_for_all()

    leader.groups.clear()
    assert both(leader, "hazards.view_hazard") == (False, False)
