"""Readings lose their surrogate id: the primary key is (sensor, ts), the index the unique constraint had. Each
reading stored costs one btree insertion instead of two, no sequence call and 8 bytes less. The aggregation sweep's
high-water mark moves to ReadingLog (one row per transaction that stored readings), from where it stood: the
readings above the old id mark (not folded yet) are logged once, so the first sweep after the migration folds them.

PostgreSQL builds the primary key's index once (on a big table: minutes, the table locked), then drops the unique
constraint; SQLite copies the table (it cannot change a primary key in place)."""

import json

from django.db import migrations, models


def forward(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        cur.execute("SELECT value FROM monitoring_sweepmark WHERE name = 'aggregate'")
        row = cur.fetchone()
        mark = row[0] if row else 0
        if conn.vendor == "postgresql":
            cur.execute("SELECT sensor_id, extract(epoch FROM min(ts)), extract(epoch FROM max(ts)) "
                        "FROM monitoring_reading WHERE id > %s GROUP BY sensor_id", [mark])
        else:
            cur.execute("SELECT sensor_id, min(ts), max(ts) FROM monitoring_reading WHERE id > %s GROUP BY sensor_id",
                        [mark])
        spans = cur.fetchall()
        if conn.vendor == "postgresql":
            cur.execute("ALTER TABLE monitoring_reading DROP COLUMN id")
            cur.execute("ALTER TABLE monitoring_reading ADD CONSTRAINT monitoring_reading_pkey "
                        "PRIMARY KEY (sensor_id, ts)")
            cur.execute("ALTER TABLE monitoring_reading DROP CONSTRAINT reading_sensor_ts")
        else:
            import datetime

            def epoch(text):
                return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC).timestamp()

            spans = [(s, epoch(lo), epoch(hi)) for s, lo, hi in spans]
            cur.execute('CREATE TABLE "monitoring_reading__new" ("sensor_id" bigint NOT NULL, "ts" datetime NOT NULL, '
                        '"value" real NOT NULL, PRIMARY KEY ("sensor_id", "ts"))')
            cur.execute('INSERT INTO "monitoring_reading__new" (sensor_id, ts, value) '
                        'SELECT sensor_id, ts, value FROM monitoring_reading')
            cur.execute('DROP TABLE monitoring_reading')
            cur.execute('ALTER TABLE "monitoring_reading__new" RENAME TO monitoring_reading')
        if spans:
            cur.execute("INSERT INTO monitoring_readinglog (spans) VALUES (%s)",
                        [json.dumps([[s, float(lo), float(hi)] for s, lo, hi in spans])])
        cur.execute("UPDATE monitoring_sweepmark SET value = 0 WHERE name = 'aggregate'")


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0006_reading_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReadingLog',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('spans', models.JSONField()),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='reading',
                    name='reading_sensor_ts',
                ),
                migrations.AddField(
                    model_name='reading',
                    name='pk',
                    field=models.CompositePrimaryKey('sensor', 'ts', blank=True, editable=False, primary_key=True,
                                                     serialize=False),
                ),
                migrations.RemoveField(
                    model_name='reading',
                    name='id',
                ),
            ],
            database_operations=[migrations.RunPython(forward)],  # irreversible: the ids are gone
        ),
    ]
