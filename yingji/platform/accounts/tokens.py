"""API tokens: named, expiring, revocable, stored hashed (django-rest-knox), last use recorded without a write per
request. Creating and revoking a token are audit events (安全审计, API令牌) naming who did it.

A client sends `Authorization: Token <secret>`. The secret is shown once, when the token is created; the database
holds only its SHA-512 digest (knox) and its first 15 characters to find the row. An expired, revoked or long unused
token, or one of a deactivated account, is refused with 401 and a Chinese message saying which (docs/security.md).
"""

import binascii
import datetime
from hmac import compare_digest

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

from yingji.platform.audit.models import AuditEvent
from yingji.platform.audit.recorder import record_event

from .backends import CompiledGet, compiled, user_relations
from .models import APIToken, User


def max_age_days():
    return settings.YINGJI_API_TOKEN_MAX_AGE_DAYS


def issue_token(user, *, actor, name, days=None):
    """Create a token for `user` (his own, `actor` is `user`). Returns (token row, secret): the secret is never
    stored and cannot be shown again."""
    if actor.pk != user.pk:
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写令牌名称，例如调用它的系统")})
    limit = max_age_days()
    days = limit if days is None else days
    if not 1 <= days <= limit:
        raise ValidationError({"days": _("有效期须为 1 至 %(n)d 天") % {"n": limit}})
    with transaction.atomic():
        token, secret = APIToken.objects.create(user=user, expiry=datetime.timedelta(days=days), name=name[:60])
        record_event(AuditEvent.Kind.TOKEN, user=actor, target=user.username, region_id=user.region_id,
                     detail={"action": "created", "token": token.pk, "name": token.name, "by": actor.username,
                             "expiry": token.expiry.isoformat()})
    return token, secret


def manageable_tokens(user):
    """The tokens `user` may see and revoke: his own, and those of the accounts he may change (an administrator,
    within his region scope)."""
    own = APIToken.objects.filter(user=user)
    if not user.has_perm("accounts.change_user"):
        return own
    return own | APIToken.objects.filter(user__in=User.objects.restrict(user, "change").values("pk"))


def revoke_token(token, *, actor):
    """Revoke a token at once (the row stays, marked revoked). Refused (PermissionDenied) for a token `actor` may not
    manage; revoking a revoked token changes nothing."""
    if not manageable_tokens(actor).filter(pk=token.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        done = APIToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor)
        if done:
            record_event(AuditEvent.Kind.TOKEN, user=actor, target=token.user.username,
                         region_id=token.user.region_id,
                         detail={"action": "revoked", "token": token.pk, "name": token.name, "by": actor.username})
    token.refresh_from_db()
    return bool(done)


REFUSALS = {
    "revoked": ("token_revoked", lambda: _("该令牌已被撤销，请在“我的账户 → API 令牌”中重新生成")),
    "expired": ("token_expired", lambda: _("该令牌已过期，请在“我的账户 → API 令牌”中重新生成")),
    "idle": ("token_idle", lambda: _("该令牌已超过 %(n)d 天未使用，已失效，请重新生成")
             % {"n": settings.YINGJI_API_TOKEN_IDLE_DAYS}),
}


def token_user_relations():
    """The token's user with what every request reads of him, in the token's own query: his region and unit (the
    scope) and the one-to-one relations modules registered (backends.load_with_user, e.g. the enterprise account),
    as the session's user comes with them (backends.UserBackend)."""
    return ("user", "user__region", "user__organisation", *(f"user__{name}" for name in user_relations()))


def token_queryset():
    """The tokens with their user as the ORM reads them (token_user_relations); token_rows() runs it compiled."""
    return APIToken.objects.select_related(*token_user_relations())


_NO_KEY = "\x00no token key"  # no token has this key (a NUL, which authenticate_credentials never lets through)


def token_rows(key):
    """The tokens whose key (the secret's first characters) is `key`, with their user, as token_queryset() gives
    them filtered on it: by its query compiled once per process and connection (backends.CompiledGet). Each
    request reads the rows afresh, so a revoked or expired token and a deactivated user are refused at once."""
    from django.db import connections, router

    connection = connections[router.db_for_read(APIToken)]
    key_of_query = ("api token", token_user_relations())
    query = compiled(connection, key_of_query, lambda: CompiledGet(token_queryset(), "token_key", _NO_KEY, connection))
    return query(key)


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's token check with Yingji's rules: rows are kept (knox deletes expired ones), each refusal says why in
    Chinese, and the last-used time is written at most once per YINGJI_API_TOKEN_TOUCH_SECONDS per token."""

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != self.authenticate_header(request).encode().lower():
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式不正确：应为 “Authorization: Token 令牌”"))
        return self.authenticate_credentials(auth[1])

    def authenticate_credentials(self, token):
        invalid = exceptions.AuthenticationFailed(_("令牌无效"))
        try:
            token = token.decode("utf-8")
            digest = hash_token(token)
        except (UnicodeDecodeError, TypeError, binascii.Error):
            raise invalid
        if not (token.isascii() and token.isprintable()) or len(token) > 200:
            raise invalid  # never a query with a NUL (PostgreSQL refuses it) or a megabyte of header
        now = timezone.now()
        for row in token_rows(token[:CONSTANTS.TOKEN_KEY_LENGTH]):
            if not compare_digest(digest, row.digest):
                continue
            state = row.state(now)
            if state != "active":
                code, message = REFUSALS[state]
                raise exceptions.AuthenticationFailed(message(), code=code)
            if not row.user.is_active:
                raise exceptions.AuthenticationFailed(_("该令牌所属账户已停用"), code="user_inactive")
            self.touch(row, now)
            return row.user, row
        raise invalid

    @staticmethod
    def touch(row, now):
        """Record the use, unless it was recorded less than YINGJI_API_TOKEN_TOUCH_SECONDS ago (one conditional
        UPDATE at most a minute per token, however many requests)."""
        interval = datetime.timedelta(seconds=settings.YINGJI_API_TOKEN_TOUCH_SECONDS)
        if row.last_used_at is not None and now - row.last_used_at < interval:
            return
        from django.db.models import Q

        APIToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - interval),
                                pk=row.pk).update(last_used_at=now)
        row.last_used_at = now


class TokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (drf-spectacular knows knox's class, not this subclass)."""

    target_class = "yingji.platform.accounts.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Token-based authentication: 'Token <令牌>', created on /accounts/tokens/ "
                               "(docs/api.md); it expires and may be revoked."}
