"""API tokens (issue 16, item 12): named, expiring, revocable, stored hashed; last use recorded at most once a minute;
created and revoked on 我的 API 令牌 (an administrator also for the accounts in his scope), each audited with its
actor; expired, revoked or idle tokens refused with 401 and a Chinese message."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone
from knox.crypto import hash_token
from rest_framework.test import APIClient

from yingji.platform.accounts.models import APIToken
from yingji.platform.accounts.tokens import issue_token, revoke_token
from yingji.platform.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PAGE = "/accounts/tokens/"


def call(secret, url="/api/v1/regions/"):
    return APIClient().get(url, HTTP_AUTHORIZATION=f"Token {secret}")


def refused(response, code, fragment):
    assert response.status_code == 401, (response.status_code, response.content[:300])
    body = response.json()
    assert body["code"] == code and fragment in body["message"], body
    return body


def test_a_user_creates_a_named_token_whose_secret_is_shown_once_and_stored_hashed(world, client_for):
    user = world.users.leader
    c = client_for(user)
    response = c.post(PAGE, {"name": "市局数据交换", "days": 30})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = re.search(r'data-testid="new-token">([0-9a-f]+)<', response.content.decode()).group(1)
    token = APIToken.objects.get(user=user)
    assert token.name == "市局数据交换"
    assert token.digest == hash_token(secret) and secret not in (token.digest, token.token_key)
    assert abs(token.expiry - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    assert call(secret).status_code == 200
    # never shown again: the list shows its name and the first characters only
    page = c.get(PAGE).content.decode()
    assert "市局数据交换" in page and secret not in page and secret[:8] in page
    event = AuditEvent.objects.get(kind="token")
    assert event.user == user and event.username == user.username
    assert event.detail["action"] == "created" and event.detail["by"] == user.username
    assert event.detail["token"] == token.pk
    # several tokens at once, one per system: a new one leaves the others working
    second = issue_token(user, actor=user, name="值班大屏")[1]
    assert call(secret).status_code == 200 and call(second).status_code == 200


def test_the_lifetime_is_chosen_up_to_the_configured_maximum(world, client_for):
    c = client_for(world.users.leader)
    with override_settings(YINGJI_API_TOKEN_MAX_AGE_DAYS=30):
        page = c.get(PAGE).content.decode()
        assert 'max="30"' in page and 'value="30"' in page  # the default is the maximum
        for days, fragment in ((31, "最长 30 天"), (0, "1"), ("abc", "整数")):
            response = c.post(PAGE, {"name": "过长", "days": days})
            assert response.status_code == 400 and fragment in response.content.decode(), days
        response = c.post(PAGE, {"name": "  ", "days": 10})
        assert response.status_code == 400 and "请填写令牌名称" in response.content.decode()
        assert not APIToken.objects.exists() and not AuditEvent.objects.filter(kind="token").exists()
        with pytest.raises(Exception, match="1 至 30"):
            issue_token(world.users.leader, actor=world.users.leader, name="x", days=31)


def test_an_expired_token_is_refused_in_chinese(world):
    token, secret = issue_token(world.users.township_a, actor=world.users.township_a, name="到期", days=1)
    assert call(secret).status_code == 200
    APIToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    refused(call(secret), "token_expired", "已过期")
    assert APIToken.objects.filter(pk=token.pk).exists()  # kept, listed as 已过期 (knox would delete it)


def test_an_idle_token_is_refused_when_the_idle_limit_is_set(world):
    token, secret = issue_token(world.users.township_a, actor=world.users.township_a, name="闲置")
    with override_settings(YINGJI_API_TOKEN_IDLE_DAYS=7):
        assert call(secret).status_code == 200
        APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - datetime.timedelta(days=8))
        refused(call(secret), "token_idle", "7 天未使用")
    assert call(secret).status_code == 200  # 0: off (the default)


def test_a_revoked_token_is_refused_at_once_and_the_revocation_audited(world, client_for):
    user = world.users.township_a
    token, secret = issue_token(user, actor=user, name="乡镇填报")
    c = client_for(user)
    assert c.post(f"{PAGE}{token.pk}/revoke/").status_code == 302
    refused(call(secret), "token_revoked", "已被撤销")
    token.refresh_from_db()
    assert token.revoked_by == user and token.revoked_at is not None and token.state_label == "已撤销"
    event = AuditEvent.objects.filter(kind="token", detail__action="revoked").get()
    assert event.user == user and event.detail["by"] == user.username
    # a second revoke changes and audits nothing
    c.post(f"{PAGE}{token.pk}/revoke/")
    assert AuditEvent.objects.filter(kind="token", detail__action="revoked").count() == 1


def test_an_administrator_revokes_the_tokens_of_his_scope_only(world, client_for):
    admin, officer, outsider = world.users.admin, world.users.township_a, world.users.outsider
    own, own_secret = issue_token(officer, actor=officer, name="乡镇填报")
    foreign, foreign_secret = issue_token(outsider, actor=outsider, name="外县系统")
    c = client_for(admin)
    page = c.get(PAGE).content.decode()
    assert "乡镇填报" in page and "外县系统" not in page
    assert "乡镇填报" in c.get(officer.get_absolute_url()).content.decode()
    response = c.post(f"{PAGE}{own.pk}/revoke/", {"next": officer.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == officer.get_absolute_url()
    refused(call(own_secret), "token_revoked", "已被撤销")
    event = AuditEvent.objects.get(kind="token", detail__action="revoked")
    assert event.user == admin and event.username == officer.username and event.detail["by"] == admin.username
    assert event.region_id == officer.region_id  # the officer's region's auditor sees it
    # out of his scope, and for a user without the right: 404, nothing revoked
    assert c.post(f"{PAGE}{foreign.pk}/revoke/").status_code == 404
    other, _secret = issue_token(world.users.township_b, actor=world.users.township_b, name="乙镇")
    assert client_for(officer).post(f"{PAGE}{other.pk}/revoke/").status_code == 404
    assert call(foreign_secret).status_code == 200
    assert not APIToken.objects.filter(pk__in=[foreign.pk, other.pk], revoked_at__isnull=False).exists()
    with pytest.raises(PermissionDenied):
        revoke_token(foreign, actor=admin)
    # an officer's page shows only his own
    page = client_for(officer).get(PAGE).content.decode()
    assert "乡镇填报" in page and "乙镇" not in page and "管辖范围内其他用户" not in page


def test_nobody_creates_a_token_for_someone_else(world):
    with pytest.raises(PermissionDenied):
        issue_token(world.users.township_a, actor=world.users.admin, name="代办")
    assert not APIToken.objects.exists()


def test_last_used_is_recorded_but_at_most_once_a_minute(world, django_assert_num_queries):
    token, secret = issue_token(world.users.township_a, actor=world.users.township_a, name="计数")
    assert token.last_used_at is None
    assert call(secret).status_code == 200
    first = APIToken.objects.get(pk=token.pk).last_used_at
    assert first is not None and timezone.now() - first < datetime.timedelta(minutes=1)
    from yingji.platform.accounts.tokens import TokenAuthentication

    auth = TokenAuthentication()
    # within the minute: the token is read, nothing is written
    with django_assert_num_queries(1):
        auth.authenticate_credentials(secret.encode())
    assert APIToken.objects.get(pk=token.pk).last_used_at == first
    # a minute later: one conditional UPDATE
    earlier = first - datetime.timedelta(seconds=61)
    APIToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    with django_assert_num_queries(2):
        auth.authenticate_credentials(secret.encode())
    assert APIToken.objects.get(pk=token.pk).last_used_at > first


def test_malformed_credentials_are_a_401_never_a_500(world):
    for header in ("Token", "Token a b", "Token \u00e9\u00e9", "Token " + "f" * 5000, "Token \x00abc"):
        try:
            response = APIClient().get("/api/v1/regions/", HTTP_AUTHORIZATION=header)
        except ValueError:  # the test client itself refuses some headers; a server never passes them on
            continue
        assert response.status_code == 401, header
        assert response.json()["code"] in ("authentication_failed",), header


def test_existing_authtoken_tokens_are_carried_over_hashed(world):
    """The migration's conversion, run on a table shaped like DRF's authtoken_token."""
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("yingji.platform.accounts.migrations.0006_apitoken")
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute('CREATE TABLE "authtoken_token" ("key" varchar(40) PRIMARY KEY, "created" timestamp, '
                       '"user_id" integer)')
        cursor.execute('INSERT INTO "authtoken_token" VALUES (%s, %s, %s)',
                       [key, timezone.now(), world.users.duty.pk])
    try:
        migration.carry_over_authtoken_tokens(apps, SimpleNamespace(connection=connection))
        with connection.cursor() as cursor:
            cursor.execute('SELECT COUNT(*) FROM "authtoken_token"')
            assert cursor.fetchone()[0] == 0  # no secret left in clear
    finally:
        with connection.cursor() as cursor:
            cursor.execute('DROP TABLE "authtoken_token"')
    token = APIToken.objects.get(user=world.users.duty)
    assert token.name == "原有令牌" and token.digest == hash_token(key)
    assert call(key).status_code == 200  # the client keeps its token until it expires
