"""The county layer of every statistics rollup (core.rollups.layer_cells): the stored cells summed under the first six
digits of their region prefix (rollup column "<key>@6"), a cell of dimension "" keeping its township as dimension
"@region", value the township's prefix. Computed here from the stored township cells in one INSERT … SELECT (the
same on PostgreSQL and SQLite); from here on every write path keeps both, and `yingji rollups --check` compares both
with a recount of the records. Layer cells already there (a domain's back-fill that ran after this code was in place
writes them itself) are recomputed, so the order of the migrations does not matter."""

from django.db import migrations

# frozen here: rollups.COUNTY_DIGITS and rollups.REGION when this migration was written
DIGITS, REGION = 6, "@region"


def backfill(apps, schema_editor):
    table = schema_editor.connection.ops.quote_name(apps.get_model("core", "RollupCount")._meta.db_table)
    plain = "dimension = '' AND member = ''"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rollup LIKE %s", ["%@%"])
        cursor.execute(
            f"INSERT INTO {table} (rollup, region_code, month, dimension, value, measure, member, n) "
            f"SELECT rollup || %s, substr(region_code, 1, %s), month, "
            f"CASE WHEN {plain} THEN %s ELSE dimension END, CASE WHEN {plain} THEN region_code ELSE value END, "
            f"measure, member, SUM(n) FROM {table} WHERE rollup NOT LIKE %s AND n <> 0 "
            f"GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING SUM(n) <> 0",
            [f"@{DIGITS}", DIGITS, REGION, "%@%"])


def forget(apps, schema_editor):
    apps.get_model("core", "RollupCount").objects.filter(rollup__contains="@").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0007_rollupcount_member"),
    ]

    operations = [migrations.RunPython(backfill, forget)]
