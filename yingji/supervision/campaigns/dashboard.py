"""The supervision dashboard's ?campaign= (专项行动): each provider narrows its figures by it (core.stats.narrow)."""

from yingji.platform.core import dashboard

from .stats import CAMPAIGN

dashboard.parameter(CAMPAIGN)
