"""The campaigns left inspections (issue 8) without losing a bureau's data: a campaign stored under the old state
(with a place, an enterprise it covers, an inspection attributed to it, its content types, a role's grant of its
permission and audit rows) is found under the campaigns app after `migrate`, and its places, its permission, the
grant and the audit rows follow it."""

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
def test_a_campaign_of_the_old_state_is_found_with_its_places_permission_and_audit_under_campaigns(scratch_url):
    result = subprocess.run([sys.executable, "-m", "yingji.supervision.campaigns.tests.migration_check"],
                            env={**os.environ, "DATABASE_URL": scratch_url, "DEBUG": "0"}, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["name"] == "重大事故隐患专项排查整治2026行动"
    assert found["enterprises"] == ["安澜化工有限公司"] and found["places"] == ["城关农贸市场"]
    # the inspection attributed to it still is, through the same column and table
    assert found["inspection_campaign"] == ["campaigns.Campaign", 1]
    old = found["old_ids"]
    # the same content type rows, relabelled: nothing refers to a new id
    assert found["content_types"] == sorted(["campaigns", m, old[m]] for m in ("campaign", "campaignplace"))
    assert found["permission"] == ["campaigns", True, ["执法人员"]]
    campaign, place = found["ids"]
    assert found["audit"] == [["campaigns", "campaign", campaign], ["campaigns", "campaignplace", place]]
    assert found["campaigns_in_inspections_state"] == []
