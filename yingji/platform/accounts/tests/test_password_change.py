"""等保 L3 identification (issue 16, item 12): a password an administrator set is changed at first login, a password
older than YINGJI_PASSWORD_MAX_AGE_DAYS is changed before anything else, and an administrator can reset a lost
authenticator, audited."""

import datetime

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from yingji.platform.accounts.models import User
from yingji.platform.audit.models import AuditEvent
from yingji.platform.core.testing import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
NEW = "Qingshan-2026-new"


def _login(client, username, password):
    response = client.post(LOGIN, {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_a_password_the_administrator_reset_is_changed_at_first_login(world, client_for, client):
    target = world.users.township_b
    admin = client_for(world.users.admin)
    assert admin.post(f"/system/users/{target.pk}/password/",
                      {"password1": "Reset-pass-2026", "password2": "Reset-pass-2026"}).status_code == 302
    assert User.objects.get(pk=target.pk).must_change_password

    c = _login(client, "township_b", "Reset-pass-2026")
    response = c.get("/hazards/?state=open")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/?next=%2Fhazards%2F%3Fstate%3Dopen"
    page = c.get(response["Location"]).content.decode()
    assert "请先修改为只有您本人知道的密码" in page and 'name="next" value="/hazards/?state=open"' in page
    api = c.get("/api/v1/hazards/")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"

    response = c.post("/accounts/profile/", {"action": "password", "old_password": "Reset-pass-2026",
                                             "password1": NEW, "password2": NEW,
                                             "next": "/hazards/?state=open"})
    assert response.status_code == 302 and response["Location"] == "/hazards/?state=open"
    assert not User.objects.get(pk=target.pk).must_change_password
    assert c.get("/hazards/?state=open").status_code == 200
    assert c.get("/api/v1/hazards/").status_code == 200


def test_the_change_page_does_not_send_the_user_off_site(world, client):
    User.objects.filter(pk=world.users.township_a.pk).update(must_change_password=True)
    c = _login(client, "township_a", PASSWORD)
    response = c.post("/accounts/profile/", {"action": "password", "old_password": PASSWORD, "password1": NEW,
                                             "password2": NEW, "next": "https://evil.example/"})
    assert response["Location"] == "/accounts/profile/"


def test_an_account_created_with_a_password_must_change_it(world, client_for, api_for):
    from yingji.platform.accounts.models import Role

    group = Role.objects.get(code="township").group
    data = {"username": "lisi", "full_name": "李四", "phone": "13900003333", "region": world.regions.township_a.pk,
            "is_active": "on", "roles": [group.pk], "password1": "Qingshi-duty-88", "password2": "Qingshi-duty-88"}
    assert client_for(world.users.admin).post("/users/add/", data).status_code == 302
    assert User.objects.get(username="lisi").must_change_password
    response = api_for(world.users.admin).post("/api/v1/users/", {
        "username": "wangwu", "full_name": "王五", "region": world.regions.township_a.pk, "password": "Qingshi-duty-99",
        "groups": [group.pk]}, format="json")
    assert response.status_code == 201, response.content.decode()
    assert User.objects.get(username="wangwu").must_change_password


def test_a_password_older_than_the_configured_age_must_be_changed(world, client_for, settings):
    user = world.users.leader
    c = client_for(user)
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=100))
    settings.YINGJI_PASSWORD_MAX_AGE_DAYS = 0  # the default: never expires
    assert c.get("/").status_code == 200
    settings.YINGJI_PASSWORD_MAX_AGE_DAYS = 90
    response = c.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/profile/")
    assert "已使用超过 90 天" in c.get("/accounts/profile/").content.decode()
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=10))
    assert c.get("/").status_code == 200


def test_an_administrator_resets_a_lost_authenticator_within_his_scope_only(world, client_for):
    target = world.users.township_a
    TOTPDevice.objects.create(user=target, name="手机", confirmed=True)
    url = f"/system/users/{target.pk}/reset-otp/"

    assert client_for(world.users.township_b).post(url).status_code == 403  # no right to change users
    assert client_for(world.users.outsider).post(url).status_code == 404  # another county's administrator
    assert client_for(world.users.admin).get(url).status_code == 405
    assert TOTPDevice.objects.filter(user=target).count() == 1

    page = client_for(world.users.admin).get(f"/users/{target.pk}/").content.decode()
    assert url in page and "重置动态口令" in page
    response = client_for(world.users.admin).post(url, follow=True)
    assert "已重置" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=target).exists()
    event = AuditEvent.objects.get(kind="otp_reset")
    assert event.username == "township_a" and event.user == world.users.admin and event.detail == {"devices": 1}
    # nothing left to reset: said so, nothing recorded
    assert "没有绑定动态口令" in client_for(world.users.admin).post(url, follow=True).content.decode()
    assert AuditEvent.objects.filter(kind="otp_reset").count() == 1
