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

The query is built and compiled by the ORM once per process and database connection (CompiledGet), then each request
runs its SQL with the user's id and builds the user as the ORM builds him: building the queryset (the joins, the two
subqueries) and compiling it cost several times more than running it, on every signed-in request. Nothing is cached
between requests but the SQL text: the user, his activity, his relations and both answers are read fresh each time
(test_backends.py compares the user with the ORM's for every persona).

Configured in settings.AUTHENTICATION_BACKENDS after axes' lockout backend. A session names the backend that logged
the user in, so sessions opened under django.contrib.auth.backends.ModelBackend (before this backend existed) are
not honoured: those users log in again once.
"""

import functools
import weakref

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.models import Exists, OuterRef
from django.db.models.query import _get_from_db, get_related_populators

_relations = []


def load_with_user(*names):
    """Load the user's one-to-one relations `names` (reverse or forward) with him on every request."""
    for name in names:
        if name not in _relations:
            _relations.append(name)


def user_relations():
    return tuple(_relations)


class CompiledGet:
    """`queryset` narrowed to `field` = one value, built and compiled by the ORM once: each call runs the same SQL
    with that value and turns the rows into instances with Django's own steps (ModelIterable's: the model's from_db,
    the select_related records' populators, the annotations), so the answer is the ORM's, without building and
    compiling the query again. For a query asked on every request with only one value changing (the session's user,
    the API token's row). A compiled query belongs to the connection it was compiled for (compiled()).

    `sentinel` is a value of the field's type that the query's own parameters never hold: it marks the place of the
    value among the compiled parameters."""

    def __init__(self, queryset, field, sentinel, connection):
        qs = queryset.filter(**{field: sentinel})
        compiler = qs.query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        places = [i for i, p in enumerate(params) if type(p) is type(sentinel) and p == sentinel]
        fields = [s[0] for s in compiler.select[0:compiler.col_count]]
        fetch_mode = qs._fetch_mode
        if len(places) != 1 or compiler.has_composite_fields(fields) or fetch_mode.track_peers:
            raise ValueError(f"CompiledGet cannot compile {queryset.model.__name__} by {field}")
        self.params, self.place = list(params), places[0]
        self.field = queryset.model._meta.pk if field == "pk" else queryset.model._meta.get_field(field)
        self.connection, self.compiler = connection, compiler
        self.converters = compiler.get_converters(fields)
        klass_info = compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.own, self.init_list = slice(start, end), [f[0].target.attname for f in compiler.select[start:end]]
        self.from_db = _get_from_db(klass_info["model"], fetch_mode)
        self.populators = get_related_populators(klass_info, compiler.select, connection.alias, fetch_mode)
        self.annotations = dict(compiler.annotation_col_map or {})

    def __call__(self, value):
        """The instances the queryset filtered on `value` gives, in its order (a list)."""
        params = list(self.params)
        params[self.place] = self.field.get_db_prep_value(value, self.connection)
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        found = []
        for row in rows:
            obj = self.from_db(self.connection.alias, self.init_list, row[self.own])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found


_compiled = weakref.WeakKeyDictionary()  # {connection: {key: CompiledGet}}


def compiled(connection, key, build):
    """The CompiledGet `key` of this connection (a thread's own connection object), made by build() the first time.
    `key` names everything the query depends on besides the model (the relations, the settings it reads)."""
    queries = _compiled.setdefault(connection, {})
    query = queries.get(key)
    if query is None:
        query = queries[key] = build()
    return query


def session_user_queryset():
    """The session's user as the ORM reads him: with the relations modules asked for (load_with_user) and the
    second-factor decision. load_user() runs it compiled."""
    qs = get_user_model()._default_manager.all()
    if _relations:  # select_related() without names would mean "every non-null foreign key" instead
        qs = qs.select_related(*_relations)
    return with_second_factor_decision(qs).order_by()  # QuerySet.get() orders nothing either


# no user has this id: it marks the id's place among the compiled parameters (a 32-bit value: the ORM compiles an
# integer lookup outside the column's range to no query at all)
_NO_ID = -2_000_000_007


def load_user(user_id):
    """The user `user_id` as session_user_queryset() gives him (None if there is none), by its compiled query."""
    model = get_user_model()
    connection = connections[router.db_for_read(model)]
    key = ("session user", model._meta.label, tuple(_relations), tuple(settings.YINGJI_2FA_REQUIRED_ROLES))
    query = compiled(connection, key, lambda: CompiledGet(session_user_queryset(), "pk", _NO_ID, connection))
    found = query(user_id)
    return found[0] if found else None


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

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
