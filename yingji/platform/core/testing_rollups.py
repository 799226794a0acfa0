"""The proof of a statistics rollup (core.rollups), shared by the domains' tests (hazards, inspections,
enforcement): after random changes through every write path, the stored cells equal a full recount, and every figure
a page reads, for several periods and askers, equals a count made record by record with the ORM; a page's output is
the same with the rollups switched off (everything counted from the records)."""

import datetime
from collections import Counter
from contextlib import contextmanager

from . import rollups
from .filtersets import filter_subtree

D = datetime.date
# whole years, periods cutting months at both ends, one month, two weeks, a span wider than the data
PERIODS = [(D(2025, 1, 1), D(2025, 12, 31)), (D(2025, 3, 15), D(2026, 2, 10)), (D(2026, 1, 1), D(2026, 11, 30)),
           (D(2025, 6, 1), D(2025, 6, 30)), (D(2026, 4, 7), D(2026, 4, 20)), (D(2024, 1, 1), D(2026, 12, 31))]


def askers(world):
    """(user, region) of the statistics: the county's leader for the county, each township and a village; a
    township user; the administrator for the province; a department officer (not a plain region scope)."""
    r, u = world.regions, world.users
    return [(u.leader, None), (u.leader, r.county), (u.leader, r.township_a), (u.leader, r.township_b),
            (u.township_a, None), (u.admin, r.province), (u.leader, r.village_a), (u.department, None)]


def in_scope(qs, user, region, path="region"):
    """The live query of a statistic: what `user` may see, not voided, in `region` (or his own)."""
    return filter_subtree(qs.model.objects.restrict(user, "view").active().filter(pk__in=qs.values("pk")), path,
                          region or user.region)


def assert_exact(*keys):
    """The stored cells of each rollup, and of each of its layers, equal a full recount of its records; each layer
    is the sum of the rollup's own cells, and reads it answers equal those of the own cells (assert_layers)."""
    for key in keys:
        rollup = rollups.get(key)
        assert rollups.differences(rollup) == [], key
        assert_layers(rollup)


def assert_layers(rollup, *, periods=PERIODS):
    """Each layer of `rollup` (its county layer) holds the sum of the rollup's own stored cells (a county's cells
    are the sum of its townships'), and a read under the prefix of each county, each province and everything,
    which reads the layer, gives the Cells of the own cells under that prefix: totals, months, townships and
    distinct members."""
    own = rollups.stored(rollup)
    for digits in rollup.layers:
        assert rollups.stored(rollup, digits=digits) == +rollups.layer_cells(own, digits), (rollup.key, digits)
    prefixes = {""} | {p[:2] for p, *_ in own} | {p[:rollups.COUNTY_DIGITS] for p, *_ in own}
    for prefix in sorted(prefixes):
        assert rollup.layer_for(prefix) != rollup.digits, prefix  # these are read from a layer
        for start, end in periods:
            months = rollups.whole_months(start, end)
            if months is None:
                continue
            first, last = months
            want = rollups.Cells.of(Counter({c: n for c, n in own.items()
                                             if c[0].startswith(prefix) and first <= c[1] <= last}))
            for members in (False, True):
                got = rollups.read(rollup, prefix, first, last, members=members)
                assert (+got.totals, +got.months, +got.prefixes) == (+want.totals, +want.months, +want.prefixes), (
                    rollup.key, prefix, start, end)
                distinct = {k: len(v) for k, v in want.members.items()}
                if members:
                    assert got.members == want.members, (rollup.key, prefix, start, end)
                else:
                    assert got.distinct == distinct, (rollup.key, prefix, start, end)


def assert_figures(world, queries, recount, *, periods=PERIODS):
    """For every asker and period: rollups.figures_of(queries(user, region)) ({key: live query}) gives exactly
    `recount(key, qs, start, end)` ({(dimension, value, measure): n} for counts and sums, {("distinct", dimension,
    value, measure): n} for distinct members), counted record by record; its months and region prefixes equal
    those of the records. Returns the bases served ({"rollup", "live"})."""
    served = set()
    for user, region in askers(world):
        qs_of = queries(user, region)
        # the periods read together (periods_of: a period and last year's with the same statements) and one by one
        both = [(D(2025, 1, 1), D(2025, 12, 31)), (D(2024, 1, 1), D(2024, 12, 31)), (D(2026, 3, 1), D(2026, 4, 30))]
        for group in (both, periods):  # the first read together, the second (overlapping) one by one
            _assert_joint(qs_of, group, user, region)
        for start, end in periods:
            got = rollups.figures_of(qs_of, start, end, user=user, region=region, params={})
            for key, qs in qs_of.items():
                cells = got[key]
                served.add(cells.basis)
                want = recount(key, qs, start, end)
                have = {k: (cells.count_distinct(*_args(k[1:])) if k[0] == "distinct" else cells.total(*_args(k)))
                        for k in want}
                assert have == want, (key, user, region, start, end)
                rollup = rollups.get(key)
                live = rollups.Cells.of(rollups._live(rollup, qs, start, end))
                measures = {m for (_d, _v, m) in live.totals}
                for m in measures:
                    assert (cells.by_month(m), cells.by_prefix(m)) == (live.by_month(m), live.by_prefix(m)), (
                        key, m, user, region, start, end)
    return served


def _assert_joint(qs_of, periods, user, region):
    """periods_of (the periods' stored months read with the same statements) equals figures_of of each period."""
    together = rollups.periods_of(qs_of, periods, user=user, region=region, params={})
    for (start, end), joint in zip(periods, together, strict=True):
        alone = rollups.figures_of(qs_of, start, end, user=user, region=region, params={})
        for key in qs_of:
            a, b = alone[key], joint[key]
            assert (+a.totals, +a.months, +a.prefixes, a.basis) == (+b.totals, +b.months, +b.prefixes, b.basis), (
                key, user, region, start, end)
            assert (a.distinct, a.members) == (b.distinct, b.members), (key, user, region, start, end)


def _args(k):
    dimension, value, measure = k
    return measure, dimension, value


@contextmanager
def rollups_off(monkeypatch):
    """Every figure counted from the records (as for a 专项行动 or a department's officer)."""
    with monkeypatch.context() as m:
        m.setattr(rollups, "servable_prefix", lambda *a, **k: None)
        yield
