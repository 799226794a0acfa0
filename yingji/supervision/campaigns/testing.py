"""Sample campaigns for tests and the permission matrix."""

import datetime

from django.utils import timezone

from yingji.platform.core.testing import sample_factory
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.inspections.testing import _n

from .models import Campaign


@sample_factory(Campaign)
def make_campaign(world, region, **kw):
    today = timezone.localdate()
    kw.setdefault("name", f"重大事故隐患专项排查整治{today.year}行动{_n()}")
    kw.setdefault("start_date", today - datetime.timedelta(days=60))
    kw.setdefault("end_date", today + datetime.timedelta(days=30))
    kw.setdefault("sectors", [Sector.HAZCHEM_USE.value])
    enterprises = kw.pop("enterprises", ())
    campaign = Campaign.objects.create(region=region, **kw)
    if enterprises:
        campaign.enterprises.set(enterprises)
    return campaign
