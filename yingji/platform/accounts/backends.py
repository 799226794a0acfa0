"""The authentication backend: Django's ModelBackend, loading the user with the relations modules ask for.

A module whose per-request checks read a one-to-one relation of the user (e.g. the enterprise portal reads the
user's enterprise account on every scoped query) registers it in its AppConfig.ready():

    from yingji.platform.accounts.backends import load_with_user
    load_with_user("enterprise_account")

and the session's user then comes with it in the same query (a LEFT JOIN), so no request pays an extra query for
it. The platform names no module: the list is filled by the modules themselves.

Configured in settings.AUTHENTICATION_BACKENDS after axes' lockout backend. A session names the backend that logged
the user in, so sessions opened under django.contrib.auth.backends.ModelBackend (before this backend existed) are
not honoured: those users log in again once.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

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
        try:
            user = qs.get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
