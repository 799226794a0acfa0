"""Password policy (等保 2.0 level 3): three character classes, no reuse of the last N passwords."""

import re

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

CLASSES = [re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"), re.compile(r"[^a-zA-Z0-9]")]


class CharacterClassValidator:
    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(1 for c in CLASSES if c.search(password)) < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、特殊符号中的至少 %(n)d 类") % {"n": self.min_classes},
                code="password_classes")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、特殊符号中的至少 %(n)d 类") % {"n": self.min_classes}


class PasswordReuseValidator:
    def __init__(self, history=5):
        self.history = history

    def _recent(self, user):
        if user is None or user.pk is None:
            return []
        hashes = list(user.password_history.values_list("password", flat=True)[: self.history])
        if user.password and user.password not in hashes:
            hashes = [user.password, *hashes][: self.history]
        return hashes

    def validate(self, password, user=None):
        for encoded in self._recent(user):
            if check_password(password, encoded):
                raise ValidationError(_("不能使用最近 %(n)d 次用过的密码") % {"n": self.history}, code="password_reused")

    def password_changed(self, password, user=None):
        """Called by Django after set_password() + save(): remember the new hash."""
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = list(user.password_history.values_list("pk", flat=True)[: self.history])
        user.password_history.exclude(pk__in=keep).delete()
        type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now())

    def get_help_text(self):
        return _("不能使用最近 %(n)d 次用过的密码") % {"n": self.history}
