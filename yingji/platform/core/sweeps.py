"""The platform's time-driven work (core/sweeper.py)."""

from . import sweeper


@sweeper.sweep("core.exports", every=60)
def exports(now):
    """Background exports: expired files removed, a job whose worker died retried once, then marked failed."""
    from . import exporting

    return exporting.sweep(now)
