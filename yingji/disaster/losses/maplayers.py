"""一张图 / choropleth: the direct economic loss by township, from each township's latest report on the disaster
events that began in the period (the same figures as the 灾情统计 page)."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import maplayers as M
from yingji.platform.core.periods import local_bounds

from .stats import _events, _latest


@M.measure("disaster_losses", label=_("自然灾害直接经济损失"), permission="losses.view_lossreport", unit=_("万元"),
           order=40)
def disaster_losses(user, start, end):
    lo, hi = local_bounds(start, end)
    latest = _latest(user, _events(user, lo, hi, None), None)
    return {k: float(v) for k, v in M.by_township(latest, value=Sum("direct_loss")).items()}
