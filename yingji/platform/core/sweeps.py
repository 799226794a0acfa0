"""The platform's time-driven work (core/sweeper.py)."""

from . import sweeper


@sweeper.sweep("core.exports", every=60)
def exports(now):
    """Background exports: expired files removed, a job whose worker died retried once, then marked failed."""
    from . import exporting

    return exporting.sweep(now)


ROLLUP_CHECK_HOUR = 3  # local time; after the resources' 账实核对 (2 o'clock)


@sweeper.sweep("core.rollups_check", every=3600)
def rollups_check(now):
    """The nightly audit of the statistics rollups: once a day after ROLLUP_CHECK_HOUR, every rollup recounted from
    its records and compared in one snapshot (rollups.audit); a rollup that differs is rebuilt, and its differing
    cells are kept in the day's RollupCheck and logged as an error (a difference means a write past the rollups:
    raw SQL, a restore, or a bug to report). The day's row is the claim, inserted in the comparison's transaction,
    so a restarted or a second sweeper never checks a day twice."""
    import logging

    from django.db import IntegrityError
    from django.utils import timezone

    from . import rollups
    from .models import RollupCheck
    from .services import snapshot

    local = timezone.localtime(now)
    if local.hour < ROLLUP_CHECK_HOUR:
        return 0
    try:
        # the claim, the comparison and its record in one transaction with one snapshot: a second sweeper's claim
        # waits for it and then fails; a check that fails leaves no claim, and the next run tries again
        with snapshot():
            row = RollupCheck.objects.create(day=local.date())
            compared, found = rollups.audit()
            differences = [{"rollup": key, "region_code": p, "month": m.isoformat(), "dimension": d, "value": v,
                            "measure": x, "member": e, "stored": have, "recount": want}
                           for key, diffs in found.items() for (p, m, d, v, x, e), have, want in diffs]
            row.checked_at, row.cells, row.differing = timezone.now(), compared, len(differences)
            row.differences = differences[:RollupCheck.MAX_KEPT]
            row.save()
    except IntegrityError:
        return 0
    if found:
        logging.getLogger("yingji.rollups").error(
            "rollups check %s: %s of %s cells differed from a recount; rebuilding %s", row.day, len(differences),
            compared, ", ".join(sorted(found)))
    for key in sorted(found):  # each in a transaction of its own, writers held off meanwhile (rollups.rebuild)
        rollups.rebuild(rollups.get(key))
        row.rebuilt = [*row.rebuilt, key]
        row.save(update_fields=["rebuilt"])
    return 1
