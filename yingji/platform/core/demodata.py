"""Demo-data builders: each app registers a function that adds its records to the demo county.

It lives in platform so that an app's demo.py imports only platform (yingji/demo/ runs the builders).

A builder is called as builder(ctx) in registration order; ctx carries the random generator (seeded: the demo is
the same on every machine) and what earlier builders made (regions, organisations, users).
"""

# every demo account's password (printed by `yingji demo`)
DEMO_PASSWORD = "Yingji@2026"

_builders = []


def register(order):
    def wrap(fn):
        _builders.append((order, fn))
        return fn

    return wrap


def builders():
    return [fn for _o, fn in sorted(_builders, key=lambda x: x[0])]


def discover():
    """Import `<app>.demo` of every installed yingji app (once), so each registers its part."""
    from yingji.platform.core.discovery import autodiscover as _discover

    _discover("demo")


def insert(objs, *, message="演示数据", batch_size=2000):
    """A builder's bulk insert of new records: one statement a batch instead of a save() each, with what save() would
    have done besides: the audit trail's creation rows and the statistics' rollup counts (core/rollups.py; `yingji
    rollups --check` after `yingji demo` finds every cell equal, tests/integration/test_demo.py). Returns objs."""
    from yingji.platform.audit.recorder import record_bulk_create

    from . import rollups

    if not objs:
        return objs
    model = type(objs[0])
    model.objects.bulk_create(objs, batch_size=batch_size)
    record_bulk_create(objs, message=message)
    if rollups.watches(model):
        rollups.inserted(model, [o.pk for o in objs])
    return objs
