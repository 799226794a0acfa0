"""The seed data of a database built from the models instead of the migrations (the test database).

Applying Yingji's 129 migrations costs about 70 s of CPU on every fresh database, nearly all of it in Django
re-rendering the historical models after each operation (every model is related to the user and region tables, so
each operation reloads all of them). The suite builds its test databases from the current models instead (pytest's
`--no-migrations`: 2 s) and then runs `replay_seeds()`: every data-seeding `RunPython` of Yingji's own migrations, in
migration order, against the current models. Operations that only convert existing rows (back-fills, renames) are
marked `elidable=True` as Django's convention for "may be dropped when squashing" and are skipped: on an empty
database they have nothing to convert.

A seed function is therefore written so that it also runs against the current model (tests/integration/
test_migrations.py proves it: it applies the real migrations to a scratch database and compares the schema and every
seeded row with the replayed test database, and `makemigrations --check` proves the models and migrations agree).
"""

from django.apps import apps as global_apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

MARKER = ("yingji", "seeds_replayed_on_current_models")


def seed_operations():
    """(migration key, RunPython operation) of every non-elidable RunPython of Yingji's own migrations, in an order
    that respects every migration's dependencies."""
    with override_settings(MIGRATION_MODULES={}):  # pytest --no-migrations hides them from the loader
        loader = MigrationLoader(None, ignore_no_migrations=True)
    order, seen = [], set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                order.append(key)
    for key in order:
        migration = loader.graph.nodes[key]
        if not type(migration).__module__.startswith("yingji."):
            continue
        for operation in migration.operations:
            if isinstance(operation, RunPython) and not operation.elidable:
                yield key, operation


def replay_seeds(using="default", *, force=False):
    """Run every seed once on the database `using` (built by syncdb), without audit rows: the migrations write none.
    Runs nothing if the database was already seeded (pytest --reuse-db), unless `force`: a browser test's flush
    (pytest-django empties every table after a transactional test) takes the seed rows and leaves the marker."""
    from yingji.platform.audit.models import ObjectChange

    connection = connections[using]
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    if not force and recorder.migration_qs.filter(app=MARKER[0], name=MARKER[1]).exists():
        return
    with connection.schema_editor() as editor:
        for _key, operation in seed_operations():
            operation.code(global_apps, editor)
    ObjectChange.objects.using(using).all()._raw_delete(using)
    if not recorder.migration_qs.filter(app=MARKER[0], name=MARKER[1]).exists():
        recorder.record_applied(*MARKER)
