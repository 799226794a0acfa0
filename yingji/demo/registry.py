"""Demo-data builders: each app registers a function that adds its records to the demo county.

A builder is called as builder(ctx) in registration order; ctx carries the random generator (seeded: the demo is
the same on every machine) and what earlier builders made (regions, organisations, users).
"""

_builders = []


def register(order):
    def wrap(fn):
        _builders.append((order, fn))
        return fn

    return wrap


def builders():
    return [fn for _o, fn in sorted(_builders, key=lambda x: x[0])]
