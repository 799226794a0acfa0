"""django.contrib.admin is not installed: no second, unscoped way into the records (docs/dependencies.md)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import Resolver404, resolve


def test_the_admin_site_is_not_installed():
    assert not apps.is_installed("django.contrib.admin")
    with pytest.raises(Resolver404):
        resolve("/admin/")


@pytest.mark.django_db
def test_no_admin_log_table_and_no_permissions_on_log_entries():
    assert "django_admin_log" not in connection.introspection.table_names()
    assert not Permission.objects.filter(content_type__app_label="admin").exists()
