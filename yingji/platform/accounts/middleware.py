"""Second factor: a user who has a TOTP device, or whose role requires one, must pass it before anything else.
Then a password the administrator set, or one older than YINGJI_PASSWORD_MAX_AGE_DAYS, must be changed first."""

import datetime

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

ALLOWED_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/static/", "/i18n/")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and request.path.startswith(ALLOWED_PREFIXES)
            and needs_second_factor(user)
        ):
            # the second-factor page itself: base.html leaves out what would fetch other pages (the top bar's
            # notification count, which this middleware would answer with this page)
            request.second_factor_pending = True
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            if not needs_second_factor(user):
                # decided on every request, never cached in the session: a role that requires the second factor,
                # given while the session is open, asks for it at the next request (issue 16, item 5)
                return self.get_response(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "second_factor_required", "message": "请先完成动态口令验证", "errors": {}},
                                    status=403)
            # encoded, so that a page's own query string (?a=1&b=2) comes back whole after the second factor
            return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def needs_second_factor(user):
    """A confirmed TOTP device or a role that requires one. The session's user comes with both answers from the
    authentication backend (accounts/backends.py, no query of its own); any other user is asked."""
    if hasattr(user, "_has_otp_device") and hasattr(user, "_has_2fa_role"):
        return bool(user._has_otp_device or user._has_2fa_role)
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True) or user.requires_second_factor


PASSWORD_CHANGE_ALLOWED = ("/accounts/profile/", "/accounts/otp/", "/accounts/logout/", "/static/", "/i18n/")


def password_change_due(user):
    """Why this user must change his password before anything else, or "" (no query: both fields come with the
    session's user). An account whose password was never recorded as changed has no age to judge and is not asked."""
    if user.must_change_password:
        return "initial"
    days = settings.YINGJI_PASSWORD_MAX_AGE_DAYS
    if days and user.password_changed_at and timezone.now() - user.password_changed_at > datetime.timedelta(days=days):
        return "expired"
    return ""


class PasswordChangeMiddleware:
    """A signed-in user whose password is due for a change reaches only 我的账户 (to change it), the second factor
    and logout; the API answers 403 with code password_change_required. Token clients are not sessions and are
    judged by their token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not request.path.startswith(PASSWORD_CHANGE_ALLOWED)
                and password_change_due(user)):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "password_change_required", "message": "请先修改密码", "errors": {}},
                                    status=403)
            return redirect(f"{reverse('accounts:profile')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
