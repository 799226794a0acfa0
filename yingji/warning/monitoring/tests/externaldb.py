"""A scratch database for the guarantee tests that run real `yingji ingest` processes: every table created
directly from the models (as syncdb did; a full migrate takes 20 s), the seeded alarm rules, and `n` gas sensors.

    yingji shell -c "from yingji.warning.monitoring.tests.externaldb import build; build(20)"

run with the DATABASE_URL (or YINGJI_DATA_DIR) of the scratch database in the environment.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def build(n=20, interval=1):
    from django.apps import apps
    from django.db import connection

    with connection.schema_editor() as editor:
        for model in apps.get_models():
            if model._meta.managed and not model._meta.proxy:
                editor.create_model(model)
    import importlib

    seed = importlib.import_module("yingji.warning.monitoring.migrations.0002_seed_rules")
    seed.seed(apps, None)
    from yingji.platform.regions.models import Region
    from yingji.warning.monitoring.models import Sensor, Station

    county = Region.objects.create(code="331099000000", name="安澜县", level=3)
    station = Station.objects.create(code="ST-1", name="储罐区", kind="hazard_source", region=county)
    Sensor.objects.bulk_create([Sensor(code=f"GAS-{i}", station=station, kind="combustible_gas", unit="%LEL",
                                       range_min=0, range_max=100, interval_seconds=interval) for i in range(n)])


def environment(database_url=None, data_dir=None):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "yingji.settings", "PYTHONUNBUFFERED": "1"}
    env.pop("YINGJI_TEST_SQLITE", None)
    if database_url:
        env["DATABASE_URL"] = database_url
        env["DB_CONN_MAX_AGE"] = "0"
    else:
        env["DATABASE_URL"] = ""
        env["YINGJI_DATA_DIR"] = str(data_dir)
    return env


def yingji(env, *args, **kw):
    return subprocess.Popen([sys.executable, "-m", "yingji.cli", *args], env=env, cwd=ROOT, **kw)


def setup(env, n=20, interval=1):
    subprocess.run([sys.executable, "-m", "yingji.cli", "shell", "-c",
                    f"from yingji.warning.monitoring.tests.externaldb import build; build({n}, {interval})"],
                   env=env, cwd=ROOT, check=True, timeout=60)


def query(env, sql):
    """Rows of `sql` on the scratch database ([] for a statement without rows)."""
    url = env.get("DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            cur = conn.execute(sql)
            return cur.fetchall() if cur.description else []
    with sqlite3.connect(Path(env["YINGJI_DATA_DIR"]) / "yingji.sqlite3") as conn:
        return conn.execute(sql).fetchall()
