"""The statistics parameter ?campaign= (专项行动) of the inspection, hazard and enforcement statistics (page and API)
and of the supervision dashboard: registered once by this app (dashboard.py), the owner of the campaigns."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core.stats import StatsParameter

from .models import Campaign


def resolve_campaign(user, text):
    """The 专项行动 of ?campaign=<id> (None when empty); one that does not exist or is outside the scope: Http404,
    like a region outside it."""
    if not text:
        return None
    campaign = Campaign.objects.restrict(user, "view").active().filter(pk=int(text)).first() if text.isdigit() else None
    if campaign is None:
        raise Http404(_("专项行动不存在或不在您的管辖范围内"))
    return campaign


def campaign_choices(user):
    return Campaign.objects.restrict(user, "view").active().order_by("-start_date", "name").values_list("pk", "name")


CAMPAIGN = StatsParameter("campaign", gettext_lazy("专项行动"), campaign_choices, resolve_campaign)
