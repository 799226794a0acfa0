"""The suite's databases are built from the models, with the migrations' seed rows replayed on them
(`--no-migrations`, core/seeding.py). These tests prove that is the same database a bureau gets from `yingji
migrate`: the migrations agree with the models, and the real migrations applied to a scratch database of the same
engine give the same tables, columns and seed rows."""

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.db import connection

from yingji.platform.core.testing import scratch_database

# written at different moments or numbered differently in the two databases; compared through the other columns
VOLATILE_SUFFIXES = ("_at", "_id")
# filled by post_migrate receivers (contenttypes, permissions, roles) the same way in both, with other ids
NOT_SEED_TABLES = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}


def _env(database_url):
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0"}


def test_the_migrations_agree_with_the_models(tmp_path):
    result = subprocess.run([sys.executable, "-m", "yingji.cli", "makemigrations", "--check", "--dry-run"],
                            env=_env(f"sqlite:///{tmp_path / 'check.sqlite3'}"), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def migrated(tmp_path):
    """A DB-API connection to a scratch database of the suite's engine that `yingji migrate` built."""
    with scratch_database(tmp_path, "yingji_migrated") as url:
        result = subprocess.run([sys.executable, "-m", "yingji.cli", "migrate", "--no-input", "-v", "0"],
                                env=_env(url), capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr
        if connection.vendor == "postgresql":
            import psycopg

            other = psycopg.connect(url)
        else:
            import sqlite3

            other = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            yield other
        finally:
            other.close()


def _rows(db, sql):
    cursor = db.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def _test_only_tables():
    """Tables of the models that only the tests install (platform's own test models)."""
    from django.apps import apps

    return {model._meta.db_table for config in apps.get_app_configs() if ".tests." in config.name
            for model in config.get_models()}


def _schema(db):
    """{table: sorted (column, nullable)} of the public tables, read the same way from both databases."""
    schema = {}
    if connection.vendor == "postgresql":
        for table, column, nullable in _rows(db, "SELECT table_name, column_name, is_nullable FROM "
                                                 "information_schema.columns WHERE table_schema = 'public'"):
            schema.setdefault(table, []).append((column, nullable == "YES"))
    else:
        for (table,) in _rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
            schema[table] = [(row[1], not row[3]) for row in _rows(db, f'PRAGMA table_info("{table}")')]
    skip = _test_only_tables() | {"django_migrations"}
    return {table: sorted(columns) for table, columns in schema.items() if table not in skip}


def _plain(value):
    """One spelling of a value, whichever driver and converters read it."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def _seed_rows(db, table, columns):
    names = ", ".join(f'"{c}"' for c in columns)
    return sorted(repr(tuple(map(_plain, row))) for row in _rows(db, f'SELECT {names} FROM "{table}"'))


@pytest.mark.slow
@pytest.mark.django_db
def test_the_test_database_is_the_migrated_database(migrated):
    ours, theirs = _schema(connection), _schema(migrated)
    assert set(ours) == set(theirs)
    differing = {table: (ours[table], theirs[table]) for table in ours if ours[table] != theirs.get(table)}
    assert not differing, differing

    seeded = 0
    for table, columns in theirs.items():
        if table in NOT_SEED_TABLES:
            continue
        stable = [name for name, _null in columns if name != "id" and not name.endswith(VOLATILE_SUFFIXES)]
        if not stable:  # a join table: its rows are compared through the tables it joins
            continue
        expected = _seed_rows(migrated, table, stable)
        assert _seed_rows(connection, table, stable) == expected, f"{table}: the seed rows differ"
        seeded += len(expected)
    assert seeded > 250  # rules, calendars, guides, policies, criteria (273 rows today): the comparison saw the seeds
