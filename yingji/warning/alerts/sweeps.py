"""Time-driven work of the warnings: a published warning past its expiry is marked 已过期."""

from yingji.platform.core import sweeper


@sweeper.sweep("alerts.expire", every=30)
def expire(now):
    from .services import expire_due

    return expire_due(now)
