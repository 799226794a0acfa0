"""Demo data: last year's campaign (重大事故隐患专项排查整治) in the demo county's high-risk sectors. It is built before
the inspections (order 50), which attribute those of its period and enterprises to it (ctx.campaign); the
enforcement cases (order 55) follow."""

import datetime

from django.utils import timezone

from yingji.platform.core.demodata import register
from yingji.supervision.enterprises.choices import HAZCHEM_SECTORS, Sector


@register(order=49)
def build_campaign(ctx):
    from .models import Campaign

    enterprises = getattr(ctx, "enterprises", None)
    if not enterprises:
        return
    year = timezone.localdate().year - 1
    name = f"重大事故隐患专项排查整治{year}行动"
    ctx.campaign = Campaign.objects.filter(region=ctx.county, name=name).first()
    if ctx.campaign is not None:
        return
    admin = (getattr(ctx, "users", {}) or {}).get("admin")
    sectors = [*HAZCHEM_SECTORS, Sector.INDUSTRY_TRADE, Sector.GAS]
    ctx.campaign = Campaign.objects.create(
        name=name, region=ctx.county, start_date=datetime.date(year, 4, 1), end_date=datetime.date(year, 6, 30),
        sectors=[str(s) for s in sectors], created_by=admin,
        description="聚焦危险化学品、工贸、城镇燃气等重点行业领域，全面排查整治重大事故隐患。")
    ctx.campaign.enterprises.set([e for e in enterprises if e.sector in sectors and e.status == "operating"])
