"""Password policy, lockout, session idle timeout, second factor, login/logout audit (等保 2.0 level 3)."""

import datetime
import importlib

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yingji.platform.accounts.models import PasswordHistory, User
from yingji.platform.audit.models import AuditEvent
from yingji.platform.core.testing import PASSWORD

LOGIN = "/accounts/login/"


def errors_of(password, user):
    try:
        password_validation.validate_password(password, user)
    except ValidationError as e:
        return e.messages
    return []


@pytest.mark.django_db
def test_password_policy(world):
    user = world.users.township_a
    for password, fragment in [
        ("Ab1!xyz", "至少"),  # 7 characters
        ("abcdefgh1", "至少 3 类"),  # two classes
        ("ABCDEFGH!", "至少 3 类"),
        ("12345678!", "至少 3 类"),
    ]:
        messages = errors_of(password, user)
        assert messages and any(fragment in m for m in messages), (password, messages)
    for password in ["Qingshi-2026", "qingshi#2026", "QINGSHI2026x", "Zz9!Zz9!"]:
        assert errors_of(password, user) == [], password


@pytest.mark.django_db
def test_no_reuse_of_the_last_five_passwords(world):
    user = world.users.township_a
    passwords = [f"Rotate-{n}-pass" for n in range(1, 7)]
    for p in passwords:
        assert errors_of(p, user) == [], p
        user.set_password(p)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5
    reused = "不能使用最近 5 次用过的密码"
    for p in passwords[1:]:  # the last five, the current one included
        assert reused in errors_of(p, user), p
    assert errors_of(passwords[0], user) == []  # the sixth-last may come back
    assert User.objects.get(pk=user.pk).password_changed_at is not None


def test_argon2_is_the_configured_hasher():
    module = importlib.import_module("yingji.settings")
    assert module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # the test run swaps in MD5 for speed (conftest.py), argon2 stays available to check stored hashes
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS


def test_idle_timeout_settings():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)


@pytest.mark.django_db
def test_session_expires_after_thirty_idle_minutes_and_is_renewed_by_each_request(world, client):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert client.post(LOGIN, {"username": "leader", "password": PASSWORD}).status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    response = client.get("/")
    assert response.status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert abs((expiry - timezone.now()) - datetime.timedelta(minutes=30)) < datetime.timedelta(seconds=30)
    # idle for longer than that: the session is gone and the next request goes to the login page
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_login_and_logout_are_audited(world, client):
    response = client.post(LOGIN, {"username": "leader", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302 and response["Location"] == "/"
    event = AuditEvent.objects.get(kind="login")
    assert event.user == world.users.leader and event.ip == "10.1.2.3" and event.success
    assert event.region_id == world.regions.county.pk
    assert client.post("/accounts/logout/").status_code == 302
    assert AuditEvent.objects.filter(kind="logout", user=world.users.leader).count() == 1
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_failed_login_is_audited_without_the_password(world, client):
    response = client.post(LOGIN, {"username": "leader", "password": "Wrong-pass-1"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()
    event = AuditEvent.objects.get(kind="login_failed")
    assert event.username == "leader" and not event.success
    assert "Wrong-pass-1" not in str(event.detail)
    # the event belongs to the account's county: its auditors see it, another county's do not
    assert event.region_id == world.regions.county.pk
    client.post(LOGIN, {"username": "no-such-account", "password": "Wrong-pass-1"})
    assert AuditEvent.objects.get(kind="login_failed", username="no-such-account").region_id is None


@pytest.mark.django_db
def test_failed_logins_are_seen_by_the_accounts_county_only(world, client, client_for):
    client.post(LOGIN, {"username": "leader", "password": "Wrong-pass-1"})
    assert "Wrong" not in client_for(world.users.admin).get("/system/security-events/").content.decode()
    rows = client_for(world.users.auditor).get("/system/security-events/?kind=login_failed").content.decode()
    assert ">leader<" in rows
    rows = client_for(world.users.outsider).get("/system/security-events/?kind=login_failed").content.decode()
    assert ">leader<" not in rows


@pytest.mark.django_db
def test_lockout_after_five_failures_for_fifteen_minutes(world, client):
    from axes.models import AccessAttempt

    for n in range(5):
        response = client.post(LOGIN, {"username": "leader", "password": f"Wrong-pass-{n}"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    response = client.post(LOGIN, {"username": "leader", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录失败次数过多，账户已锁定 15 分钟" in html
    assert "_auth_user_id" not in client.session
    # spelling the name differently does not get round the lock
    for variant in ("leader ", " leader", "ｌｅａｄｅｒ"):
        response = client.post(LOGIN, {"username": variant, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
        assert response.status_code == 429 and "_auth_user_id" not in client.session, variant
    assert AuditEvent.objects.filter(kind="login_failed", username="leader").count() >= 5
    assert AuditEvent.objects.filter(kind="locked_out", username="leader", success=False).exists()
    assert not AuditEvent.objects.filter(kind="login", user=world.users.leader).exists()
    # per account, not per address: another account from the same address still logs in
    other = client.post(LOGIN, {"username": "duty", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    client.post("/accounts/logout/")
    # a locked account stays locked from another address too
    assert client.post(LOGIN, {"username": "leader", "password": PASSWORD},
                       REMOTE_ADDR="10.0.0.10").status_code == 429
    # after the cool-off the right password works again
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert client.post(LOGIN, {"username": "leader", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(world, client):
    for n in range(4):
        client.post(LOGIN, {"username": "leader", "password": f"Wrong-pass-{n}"})
    assert client.post(LOGIN, {"username": "leader", "password": PASSWORD}).status_code == 302
    client.post("/accounts/logout/")
    for n in range(4):
        assert client.post(LOGIN, {"username": "leader", "password": f"Wrong-pass-{n}"}).status_code == 200
    assert client.post(LOGIN, {"username": "leader", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_api_lockout_answers_json(world):
    from django.test import RequestFactory

    from yingji.platform.accounts.views import lockout_response

    response = lockout_response(RequestFactory().post("/api/v1/regions/"))
    assert response.status_code == 429
    import json

    body = json.loads(response.content)
    assert body["code"] == "locked_out" and "锁定 15 分钟" in body["message"] and body["errors"] == {}


def _token_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@pytest.mark.django_db
def test_admin_must_enroll_a_second_factor(world, client, settings):
    settings.YINGJI_2FA_REQUIRED_ROLES = ["sysadmin"]
    response = client.post(LOGIN, {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    assert client.get("/regions/").status_code == 302
    assert client.get("/api/v1/regions/").status_code == 403
    page = client.get(response["Location"])
    assert page.status_code == 200 and "绑定动态口令" in page.content.decode()
    # the second-factor page does not fetch the notification count (the gate would answer it with this page)
    assert "/notifications/count/" not in page.content.decode()
    assert client.get("/notifications/count/").status_code == 302
    device = TOTPDevice.objects.get(user=world.users.admin, confirmed=False)
    # a wrong code is refused and audited
    response = client.post("/accounts/otp/?next=/regions/", {"token": "000000" if _token_for(device) != "000000"
                                                                       else "111111"})
    assert response.status_code == 400 and "动态口令不正确或已过期" in response.content.decode()
    assert AuditEvent.objects.filter(kind="otp_failed", user=world.users.admin, success=False).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post("/accounts/otp/?next=/regions/", {"token": _token_for(device)})
    assert response.status_code == 302 and response["Location"] == "/regions/"
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(kind="otp_enrolled", user=world.users.admin).exists()
    assert client.get("/").status_code == 200
    assert client.get("/regions/").status_code == 200


@pytest.mark.django_db
def test_a_user_with_a_device_must_pass_it_even_if_his_role_does_not_require_it(world, client, settings):
    settings.YINGJI_2FA_REQUIRED_ROLES = ["sysadmin"]
    user = world.users.township_a
    device = TOTPDevice.objects.create(user=user, name="动态口令", confirmed=True)
    client.post(LOGIN, {"username": "township_a", "password": PASSWORD})
    response = client.get("/regions/?level=4&q=%E9%9D%92%E7%9F%B3")  # q=青石, encoded as a browser does
    otp_url = response["Location"]
    assert response.status_code == 302 and otp_url.startswith("/accounts/otp/?next=")
    page = client.get(otp_url)
    assert "请输入动态口令" in page.content.decode() and "otp-secret" not in page.content.decode()
    assert client.post("/accounts/otp/", {"token": "12"}).status_code == 400
    assert client.get("/regions/").status_code == 302
    response = client.post(otp_url, {"token": _token_for(device)})
    assert response.status_code == 302 and response["Location"] == "/regions/?level=4&q=%E9%9D%92%E7%9F%B3"
    assert client.get("/regions/").status_code == 200


@pytest.mark.django_db
def test_otp_next_must_stay_on_this_site(world, client):
    user = world.users.leader
    device = TOTPDevice.objects.create(user=user, name="动态口令", confirmed=True)
    client.post(LOGIN, {"username": "leader", "password": PASSWORD})
    response = client.post("/accounts/otp/?next=https://evil.example/", {"token": _token_for(device)})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_users_without_a_required_second_factor_go_straight_in(world, client, settings):
    settings.YINGJI_2FA_REQUIRED_ROLES = ["sysadmin"]
    client.post(LOGIN, {"username": "leader", "password": PASSWORD})
    assert client.get("/").status_code == 200
    assert not TOTPDevice.objects.filter(user=world.users.leader).exists()


@pytest.mark.django_db
def test_inactive_user_cannot_log_in(world, client):
    User.objects.filter(pk=world.users.leader.pk).update(is_active=False)
    response = client.post(LOGIN, {"username": "leader", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_changing_ones_own_password_needs_the_current_one(world, client):
    client.post(LOGIN, {"username": "leader", "password": PASSWORD})
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="old_password"' in page
    response = client.post("/accounts/profile/", {"action": "password", "old_password": "Not-the-one-1",
                                                  "password1": "Leader-new-2026", "password2": "Leader-new-2026"})
    assert response.status_code == 400 and "当前密码不正确" in response.content.decode()
    assert User.objects.get(pk=world.users.leader.pk).check_password(PASSWORD)
    response = client.post("/accounts/profile/", {"action": "password", "old_password": PASSWORD,
                                                  "password1": "Leader-new-2026", "password2": "Leader-new-2026"})
    assert response.status_code == 302
    assert User.objects.get(pk=world.users.leader.pk).check_password("Leader-new-2026")
    assert AuditEvent.objects.filter(kind="password_changed", user=world.users.leader).count() == 1
    assert client.get("/").status_code == 200  # still logged in after the change


@pytest.mark.django_db
def test_a_role_change_to_one_that_requires_the_second_factor_reaches_an_open_session(world, client, settings):
    """Issue 16, item 5: the second factor is decided on every request, not once per session. A leader's open
    session, upgraded to 系统管理员 (who must use a second factor), is sent to the second factor at its next request;
    downgraded again, it goes straight in."""
    from yingji.platform.accounts.models import Role

    settings.YINGJI_2FA_REQUIRED_ROLES = ["sysadmin"]
    leader = world.users.leader
    client.post(LOGIN, {"username": "leader", "password": PASSWORD})
    assert client.get("/").status_code == 200
    assert client.get("/regions/").status_code == 200
    sysadmin = Role.objects.get(code="sysadmin").group
    leader.groups.add(sysadmin)  # the upgrade, by an administrator elsewhere
    response = client.get("/system/roles/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    assert client.get("/").status_code == 302
    response = client.get("/api/v1/users/")
    assert response.status_code == 403 and response.json()["code"] == "second_factor_required"
    leader.groups.remove(sysadmin)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_second_factor_decision_costs_no_query_of_its_own(world, client, settings, django_assert_num_queries):
    """It is read with the session's user, in the same query (accounts/backends.py)."""
    from django.contrib.auth import get_user
    from django.test import RequestFactory

    settings.YINGJI_2FA_REQUIRED_ROLES = ["sysadmin"]
    client.post(LOGIN, {"username": "leader", "password": PASSWORD})
    request = RequestFactory().get("/")
    request.session = client.session
    with django_assert_num_queries(2):  # the session, the user with his second-factor decision
        user = get_user(request)
        from yingji.platform.accounts.middleware import needs_second_factor

        assert needs_second_factor(user) is False


@pytest.mark.django_db
def test_attempts_while_locked_do_not_extend_the_cool_off(world, client):
    """Issue 16, item 8: the lock lasts a fixed 15 minutes from the failure that set it. Attempts during the lock,
    even with the right password and from anywhere, are refused and audited but do not restart it."""
    from axes.models import AccessAttempt
    from django.db.models import F

    def age(minutes):  # as if the clock had moved on
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes))

    for n in range(5):
        client.post(LOGIN, {"username": "leader", "password": f"Wrong-pass-{n}"}, REMOTE_ADDR="10.0.0.9")
    age(10)
    for password in (PASSWORD, "Wrong-pass-x"):  # ten minutes in: someone keeps trying, the leader too
        for address in ("10.0.0.9", "10.0.0.66"):
            response = client.post(LOGIN, {"username": "leader", "password": password}, REMOTE_ADDR=address)
            assert response.status_code == 429
    assert AuditEvent.objects.filter(kind="locked_out", username="leader").count() >= 4
    age(4)  # fourteen minutes: still locked
    assert client.post(LOGIN, {"username": "leader", "password": PASSWORD}).status_code == 429
    age(2)  # sixteen minutes after the lock: over, whatever was tried meanwhile
    assert client.post(LOGIN, {"username": "leader", "password": PASSWORD}).status_code == 302
