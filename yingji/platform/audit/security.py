"""Logins, logouts and failures into the audit trail (等保: 安全审计)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent
from .recorder import record_event


@receiver(user_logged_in)
def _login(sender, request, user, **kwargs):
    record_event(AuditEvent.Kind.LOGIN, user=user)


@receiver(user_logged_out)
def _logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(AuditEvent.Kind.LOGOUT, user=user)


def _account_region(username):
    """The region of the account a failed login named, so that only that region's auditors see the event."""
    from django.contrib.auth import get_user_model

    if not username:
        return None
    return get_user_model()._default_manager.filter(username=username).values_list("region_id", flat=True).first()


@receiver(user_login_failed)
def _failed(sender, credentials, request=None, **kwargs):
    # credentials are cleansed by Django; only the username is kept, never the password
    username = str(credentials.get("username", ""))[:150]
    record_event(AuditEvent.Kind.LOGIN_FAILED, success=False, target=username, region_id=_account_region(username))


@receiver(user_locked_out)
def _locked(sender, request, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    record_event(AuditEvent.Kind.LOCKED_OUT, success=False, target=username, region_id=_account_region(username))
