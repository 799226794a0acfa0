"""The authentication backend: Django's ModelBackend, loading the user with the relations modules ask for.

A module whose per-request checks read a one-to-one relation of the user (e.g. the enterprise portal reads the
user's enterprise account on every scoped query) registers it in its AppConfig.ready():

    from yingji.platform.accounts.backends import load_with_user
    load_with_user("enterprise_account")

and the session's user then comes with it in the same query (a LEFT JOIN), so no request pays an extra query for
it. The platform names no module: the list is filled by the modules themselves.

The user comes with the second-factor decision too (`second_factor_needed`: he has a confirmed TOTP device, or one
of his roles is in YINGJI_2FA_REQUIRED_ROLES), as two EXISTS subqueries of the same query, so SecondFactorMiddleware
decides it on every request, at no query of its own, and a role change reaches an open session at its next request
(issue 16, item 5).

Configured in settings.AUTHENTICATION_BACKENDS after axes' lockout backend. A session names the backend that logged
the user in, so sessions opened under django.contrib.auth.backends.ModelBackend (before this backend existed) are
not honoured: those users log in again once.
"""

import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.models import Exists, OuterRef

_relations = []


def load_with_user(*names):
    """Load the user's one-to-one relations `names` (reverse or forward) with him on every request."""
    for name in names:
        if name not in _relations:
            _relations.append(name)


def user_relations():
    return tuple(_relations)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        qs = model._default_manager.all()
        if _relations:  # select_related() without names would mean "every non-null foreign key" instead
            qs = qs.select_related(*_relations)
        qs = with_second_factor_decision(qs)
        try:
            user = qs.get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """ModelBackend's answer in one query instead of two (the user's own permissions and his groups'): every
        request of a signed-in user or a token asks for it once, then it is cached on the user object."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            from django.contrib.auth.models import Permission

            if user_obj.is_superuser:
                rows = Permission.objects.values_list("content_type__app_label", "codename").order_by()
            else:
                alias = router.db_for_read(Permission)
                with connections[alias].cursor() as cursor:
                    cursor.execute(_permissions_sql(alias), [user_obj.pk, user_obj.pk])
                    rows = cursor.fetchall()
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache


@functools.cache
def _permissions_sql(alias):
    """The user's own permissions and his groups' as (app label, codename): the query the ORM would write, written
    once per process. Building it with the ORM (two subqueries, a join, the compiler) cost more than running it, and
    every signed-in request runs it (test_the_permissions_are_the_orms in accounts/tests/test_backends.py compares)."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    q = connections[alias].ops.quote_name
    user_model = get_user_model()
    own = user_model._meta.get_field("user_permissions").remote_field.through._meta
    member = user_model._meta.get_field("groups").remote_field.through._meta
    granted = Group._meta.get_field("permissions").remote_field.through._meta

    def col(meta, name):
        return q(meta.get_field(name).column)

    perm, ct = Permission._meta, ContentType._meta
    return (
        f"SELECT ct.{col(ct, 'app_label')}, p.{col(perm, 'codename')} FROM {q(perm.db_table)} p "
        f"INNER JOIN {q(ct.db_table)} ct ON ct.{col(ct, 'id')} = p.{col(perm, 'content_type')} "
        f"WHERE p.{col(perm, 'id')} IN (SELECT o.{col(own, 'permission')} FROM {q(own.db_table)} o "
        f"WHERE o.{col(own, 'user')} = %s) "
        f"OR p.{col(perm, 'id')} IN (SELECT g.{col(granted, 'permission')} FROM {q(granted.db_table)} g "
        f"INNER JOIN {q(member.db_table)} m ON m.{col(member, 'group')} = g.{col(granted, 'group')} "
        f"WHERE m.{col(member, 'user')} = %s)"
    )


def with_second_factor_decision(queryset):
    """Users annotated with `_has_otp_device` and `_has_2fa_role` (see needs_second_factor in middleware.py)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import Role

    return queryset.annotate(
        _has_otp_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        _has_2fa_role=Exists(Role.objects.filter(group__user=OuterRef("pk"),
                                                 code__in=list(settings.YINGJI_2FA_REQUIRED_ROLES))),
    )
