"""The draws left inspections (issue 8) without losing a bureau's data: a draw stored under the old state (with its
content type, a role's grant of its permission and an audit row) is found under the draws app after `migrate`, and
its permission, the grant and the audit row follow it."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection


@pytest.fixture
def scratch_url(tmp_path):
    """The URL of an empty scratch database of the suite's engine (dropped afterwards)."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'moved.sqlite3'}"
        return
    import psycopg

    # named after the configured database (the test database's name without pytest-django's test_ prefix)
    name = f"{settings['NAME'].removeprefix('test_')}_moved_{uuid.uuid4().hex[:6]}"
    dsn = dict(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
               user=settings["USER"] or "postgres", password=settings["PASSWORD"] or None)
    with psycopg.connect(**dsn, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    try:
        yield f"postgres://{dsn['user']}{password}@{dsn['host']}:{dsn['port']}/{name}"
    finally:
        with psycopg.connect(**dsn, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_a_draw_of_the_old_state_is_found_with_its_permission_and_audit_under_draws(scratch_url):
    result = subprocess.run([sys.executable, "-m", "yingji.supervision.draws.tests.migration_check"],
                            env={**os.environ, "DATABASE_URL": scratch_url, "DEBUG": "0"}, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["title"] == "2026年第一季度双随机抽查" and found["events"] == 1
    old = found["old_ids"]
    # the same content type rows, relabelled: nothing refers to a new id
    assert found["content_types"] == sorted(["draws", m, old[m]] for m in ("draw", "drawitem", "drawevent"))
    assert found["permission"] == ["draws", True, ["局领导"]]
    assert found["audit"] == ["draws", "draw"]
    assert found["draws_in_inspections_state"] == []
