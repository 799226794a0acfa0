import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from yingji.platform.accounts.demo import build_county
from yingji.platform.accounts.roles_sync import sync_roles
from yingji.supervision.enforcement.choices import CaseState
from yingji.supervision.enforcement.demo import build_enforcement
from yingji.supervision.enforcement.models import CaseReview, EnforcementCase, Measure, Penalty
from yingji.supervision.enterprises.testing import make_enterprise


def _ctx(seed=20261123):
    sync_roles()
    ctx = SimpleNamespace(random=random.Random(seed), scale=1, stdout=None)
    build_county(ctx)
    for township in ctx.townships[:4]:
        make_enterprise(None, township)
    return ctx


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_builds_years_of_cases_through_the_procedure_once(monkeypatch):
    from yingji.supervision.enforcement import demo

    monkeypatch.setattr(demo, "CASES_PER_YEAR", 12)  # fewer cases than the real demo: the test is about the shape
    build_enforcement(_ctx())
    this_year = timezone.localdate().year
    years = set(EnforcementCase.objects.values_list("year", flat=True))
    assert years == set(range(this_year - 3, this_year + 1))
    states = set(EnforcementCase.objects.values_list("state", flat=True))
    assert CaseState.CLOSED in states and len(states) >= 2
    assert EnforcementCase.objects.filter(state=CaseState.CLOSED).count() > 15
    assert Penalty.objects.filter(target="principal").exists() and CaseReview.objects.exists()
    assert Measure.objects.filter(kind="interview").count() >= 12
    assert all(c.steps.count() >= 1 for c in EnforcementCase.objects.all()[:20])
    total = EnforcementCase.objects.count()
    build_enforcement(_ctx())  # a second run adds nothing
    assert EnforcementCase.objects.count() == total


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_cases_filed_in_a_campaign_against_its_enterprises_belong_to_it(monkeypatch):
    import datetime

    from yingji.supervision.campaigns.models import Campaign
    from yingji.supervision.enforcement import demo
    from yingji.supervision.enterprises.models import Enterprise

    monkeypatch.setattr(demo, "CASES_PER_YEAR", 12)
    ctx = _ctx()
    last = timezone.localdate().year - 1
    campaign = Campaign.objects.create(name="打非治违专项行动", region=ctx.county, start_date=datetime.date(last, 1, 1),
                                       end_date=datetime.date(last, 12, 31))
    campaign.enterprises.set(Enterprise.objects.all())
    build_enforcement(ctx)
    cases = EnforcementCase.objects.filter(campaign=campaign)
    assert cases.exists() and set(cases.values_list("filed_on__year", flat=True)) == {last}
    assert not EnforcementCase.objects.filter(campaign__isnull=True, filed_on__year=last).exists()
    penalties = Penalty.objects.filter(case__in=cases)
    assert penalties.exists() and set(penalties.values_list("campaign", flat=True)) == {campaign.pk}
