"""The daily recomputation of every plan's drill and evaluation due dates: a rule changed on the 规则配置 page (a
province's own cycle, a new law) reaches every plan by the next day. Idempotent: only changed rows are written."""

from yingji.platform.core import sweeper


@sweeper.sweep("plans.due_dates", every=6 * 3600)
def due_dates(now):
    from .services import refresh_all_due

    return refresh_all_due()
