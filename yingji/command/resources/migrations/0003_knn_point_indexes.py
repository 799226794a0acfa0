"""GiST indexes on point(lon, lat) of teams, warehouses and shelters, for the nearest-resource search's KNN
ordering (`ORDER BY point(lon::float8, lat::float8) <-> point(x, y)`, see nearest.py). PostgreSQL only: the
built-in point type and GiST, no PostGIS; SQLite keeps its (lat, lon) B-tree indexes and the bounding-box search."""

from django.db import migrations

TABLES = {"resources_rescueteam": "team_point_gist", "resources_warehouse": "warehouse_point_gist",
          "resources_shelter": "shelter_point_gist"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in TABLES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                              "USING gist (point(lon::float8, lat::float8))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TABLES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0002_dispatch_incident"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
