"""The annual plan left inspections (issue 8) without losing a bureau's data: a plan stored under the old state (its
frequencies, a planned inspection an inspection record answers, a 检查频次标准 row, its content types, a role's grant
and the role's record of the defaults it was given, an audit row, a user's list settings) is found under
inspection_plans after `migrate`, and everything that referred to it follows it."""

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
    name = f"{settings['NAME'].removeprefix('test_')}_plans_moved_{uuid.uuid4().hex[:6]}"
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
def test_a_plan_of_the_old_state_is_found_with_its_references_under_inspection_plans(scratch_url):
    result = subprocess.run([sys.executable, "-m", "yingji.supervision.inspection_plans.tests.migration_check"],
                            env={**os.environ, "DATABASE_URL": scratch_url, "DEBUG": "0"}, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    name, frequencies, items = found["plan"]
    assert name == "安澜县2026年度安全生产监督检查计划" and frequencies == {"A": 4} and len(items) == 1
    # the inspection record still points at its planned inspection, now the new app's model
    plan_item, inspection, item = found["inspection_item"]
    assert plan_item == item and found["answered_by"] == [inspection]
    assert found["rule"] is True
    old = found["old_ids"]
    # the same content type rows, relabelled (nothing refers to a new id), and no second one under either label
    assert found["content_types"] == sorted(["inspection_plans", m, old[m]] for m in old)
    # the grant follows its permission; the default an administrator took away is not given back by migrate
    assert found["view_plan"] == ["inspection_plans", True]
    assert found["leader_perms"] == ["inspection_plans.view_inspectionplan"]
    assert sorted(found["seeded"]) == ["inspection_plans.view_frequencyrule", "inspection_plans.view_inspectionplan"]
    assert found["audit"] == ["inspection_plans", "planfrequency", "inspection_plans", "inspectionplan"]
    assert found["lists"] == [["inspection_plans:inspectionplan_list"]] * 2
    assert found["plans_in_inspections_state"] == []
