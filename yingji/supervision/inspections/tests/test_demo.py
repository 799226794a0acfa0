import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from yingji.platform.accounts.demo import build_county
from yingji.supervision.campaigns.demo import build_campaign
from yingji.supervision.campaigns.models import Campaign
from yingji.supervision.draws import services as draw_services
from yingji.supervision.draws.models import Draw
from yingji.supervision.enterprises.demo import build_enterprises
from yingji.supervision.inspection_plans import services
from yingji.supervision.inspection_plans.demo import build_plans
from yingji.supervision.inspection_plans.models import InspectionPlan
from yingji.supervision.inspections.demo import build_inspections
from yingji.supervision.inspections.models import Inspection


@pytest.mark.django_db
def test_demo_builds_plans_a_campaign_inspections_and_a_reproducible_draw_once():
    ctx = SimpleNamespace(random=random.Random(20261123), scale=1, stdout=None)
    build_county(ctx)
    build_enterprises(ctx)
    build_plans(ctx)  # inspection_plans' builder runs first (order 48): the inspections answer its items
    build_campaign(ctx)  # then the campaign (order 49): the inspections of its period are attributed to it
    build_inspections(ctx)
    this_year = timezone.localdate().year
    assert sorted(InspectionPlan.objects.values_list("year", flat=True)) == [this_year - 2, this_year - 1,
                                                                               this_year]
    years = set(Inspection.objects.values_list("inspected_on__year", flat=True))
    assert {this_year - 2, this_year - 1} <= years
    enforcement = Inspection.objects.filter(kind="enforcement").prefetch_related("inspectors")[:50]
    assert all(i.inspectors.count() == 2 for i in enforcement)
    campaign = Campaign.objects.get()
    from django.contrib.auth import get_user_model

    from yingji.supervision.campaigns.services import campaign_figures

    admin = get_user_model().objects.create_superuser("demo-figures-admin", password="x")
    figures = campaign_figures(campaign, admin)
    assert figures["inspections"] > 0 and 0 < figures["coverage_rate"] <= 100
    last_year = InspectionPlan.objects.get(year=this_year - 1)
    assert 50 < services.plan_progress(last_year)["rate"] < 100
    draw = Draw.objects.get()
    assert draw_services.rerun_draw(draw)[0] and draw.items.count() == 20
    total = Inspection.objects.count()
    plans = InspectionPlan.objects.count()
    build_plans(ctx)  # a second run adds nothing
    build_campaign(ctx)
    build_inspections(ctx)
    assert Inspection.objects.count() == total and InspectionPlan.objects.count() == plans
    assert Campaign.objects.count() == 1
