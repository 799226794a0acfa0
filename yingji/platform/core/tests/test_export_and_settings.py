"""Excel export of exactly the filtered rows (audited, phones masked), and the production settings guard."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from yingji.platform.audit.models import AuditEvent
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    ws = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:]


@pytest.mark.django_db
def test_region_export_is_exactly_the_filtered_rows_and_is_audited(world, client_for):
    r = world.regions
    extra = Region.objects.create(code="331099103000", name="新镇", level=Level.TOWNSHIP, parent=r.county)
    voided = Region.objects.create(code="331099104000", name="已撤镇", level=Level.TOWNSHIP, parent=r.county,
                                   voided_at="2026-01-01T00:00:00Z")
    response = client_for(world.users.admin).get("/regions/?level=4&_export=xlsx")
    header, rows = sheet_rows(response)
    assert header[:2] == ["区划代码", "名称"]
    codes = sorted(row[0] for row in rows)
    expected = sorted(Region.objects.restrict(world.users.admin).active().filter(level=4)
                      .values_list("code", flat=True))
    assert codes == expected == ["331099101000", "331099102000", "331099103000"]
    assert voided.code not in codes and r.other_township.code not in codes and extra.code in codes
    event = AuditEvent.objects.get(kind="export")
    assert event.user == world.users.admin and event.detail["model"] == "regions.Region"
    assert event.detail["rows"] == 3 and event.detail["filters"] == {"level": "4"}
    # search and a second page do not change what an export means: all filtered rows, not one page
    response = client_for(world.users.admin).get("/regions/?q=331099101&page=2&per_page=10&_export=xlsx")
    header, rows = sheet_rows(response)
    assert sorted(row[0] for row in rows) == ["331099101000", "331099101201"]


@pytest.mark.django_db
def test_export_of_a_township_user_holds_only_his_township(world, client_for):
    _header, rows = sheet_rows(client_for(world.users.township_a).get("/regions/?_export=xlsx"))
    assert sorted(row[0] for row in rows) == ["331099101000", "331099101201"]


@pytest.mark.django_db
def test_user_export_masks_phones(world, client_for):
    header, rows = sheet_rows(client_for(world.users.admin).get("/users/?_export=xlsx"))
    phone = header.index("手机号码")
    assert rows and all(row[phone] == "138****1234" for row in rows)
    assert "13812341234" not in str(rows)
    names = {row[header.index("用户名")] for row in rows}
    assert "township_a" in names and "outsider" not in names
    roles = {row[header.index("用户名")]: row[header.index("角色")] for row in rows}
    assert roles["admin"] == "系统管理员"
    assert AuditEvent.objects.filter(kind="export", detail__model="accounts.User").exists()


@pytest.mark.django_db
def test_exports_hold_plain_text_local_times_and_yes_no(world, client_for, client):
    import datetime

    from django.utils import timezone

    from yingji.platform.accounts.models import User

    client.post("/accounts/login/", {"username": "leader", "password": "Wrong-pass-1"})
    stamp = timezone.now() - datetime.timedelta(hours=1)
    User.objects.filter(pk=world.users.leader.pk).update(last_login=stamp)
    admin = client_for(world.users.admin)
    header, rows = sheet_rows(admin.get("/system/changes/?_export=xlsx"))
    assert rows and not any("<a" in str(v) for row in rows for v in row)
    assert all(isinstance(row[0], datetime.datetime) for row in rows)
    header, rows = sheet_rows(admin.get("/users/?_export=xlsx"))
    by_name = {row[header.index("用户名")]: row for row in rows}
    local = timezone.localtime(stamp).replace(tzinfo=None)
    assert abs(by_name["leader"][header.index("最近登录")] - local) < datetime.timedelta(seconds=1)
    assert by_name["leader"][header.index("启用")] == "是"
    header, rows = sheet_rows(admin.get("/system/security-events/?kind=login_failed&_export=xlsx"))
    assert rows[0][header.index("成功")] == "否" and rows[0][header.index("用户名")] == "leader"


@pytest.mark.django_db
def test_export_needs_the_view_permission(world, client_for):
    assert client_for(world.users.township_a).get("/users/?_export=xlsx").status_code == 403
    assert not AuditEvent.objects.filter(kind="export").exists()


# --- settings ------------------------------------------------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[4]


def _import_settings(**env):
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL",
                                                            "DJANGO_SETTINGS_MODULE")}
    return subprocess.run([sys.executable, "-c", "import yingji.settings"], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=60)


def test_production_refuses_the_default_secret_key():
    result = _import_settings(YINGJI_ENV="production", ALLOWED_HOSTS="yingji.example.gov.cn")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_production_refuses_debug_and_wildcard_hosts():
    key = "k" * 60
    result = _import_settings(YINGJI_ENV="production", SECRET_KEY=key, ALLOWED_HOSTS="*")
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr
    result = _import_settings(YINGJI_ENV="production", SECRET_KEY=key, ALLOWED_HOSTS="a.example", DEBUG="1")
    assert result.returncode != 0 and "DEBUG" in result.stderr
    result = _import_settings(YINGJI_ENV="production", SECRET_KEY="short", ALLOWED_HOSTS="a.example")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_starts_with_good_values():
    result = _import_settings(YINGJI_ENV="production", SECRET_KEY="x7!" * 20, ALLOWED_HOSTS="yingji.example.gov.cn")
    assert result.returncode == 0, result.stderr
    probe = ("import yingji.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
             "s.SECURE_HSTS_SECONDS > 0, s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'))")
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**base, "YINGJI_ENV": "production", "SECRET_KEY": "x7!" * 20,
                              "ALLOWED_HOSTS": "yingji.example.gov.cn"})
    assert out.stdout.split() == ["False", "True", "True", "True", "True"], out.stderr
