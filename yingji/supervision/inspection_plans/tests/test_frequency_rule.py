"""检查频次标准 (a rule table): the plan's own frequencies first; a grade the plan leaves out follows the province's
standard in force on 1 January of the plan's year."""

import datetime

import pytest

from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.inspection_plans import services
from yingji.supervision.inspection_plans.models import FrequencyRule
from yingji.supervision.inspection_plans.testing import make_plan

pytestmark = pytest.mark.django_db


def _standard(world, grade, times, **kw):
    kw.setdefault("region", world.regions.province)
    kw.setdefault("legal_basis", "浙江省安全生产分类分级监管办法")
    return FrequencyRule.objects.create(risk_grade=grade, times_per_year=times, **kw)


def test_a_grade_the_plan_leaves_out_follows_the_provinces_standard(world, client_for):
    _standard(world, "A", 6)
    _standard(world, "B", 3)
    _standard(world, "B", 2, valid_from=datetime.date(2027, 1, 1))  # the next year's standard: not this plan's
    _standard(world, "C", 5, region=world.regions.other_county)  # another county's: never this plan's
    plan = make_plan(world, world.regions.county, year=2026, frequencies={"A": 4})
    assert services.plan_frequencies(plan) == {"A": 4, "B": 3}
    b = make_enterprise(world, world.regions.township_b, risk_grade="B")
    make_enterprise(world, world.regions.township_b, risk_grade="C")
    assert client_for(world.users.inspector).post(f"/inspectionplans/{plan.pk}/generate/").status_code == 302
    assert sorted(plan.items.filter(enterprise=b).values_list("month", flat=True)) == [3, 7, 11]
    assert not plan.items.exclude(enterprise=b).exclude(enterprise__risk_grade="A").exists()
    later = make_plan(world, world.regions.county, year=2027, frequencies={})
    assert services.plan_frequencies(later) == {"A": 6, "B": 2}


def test_without_plan_frequencies_or_a_standard_nothing_is_generated(world, client_for):
    plan = make_plan(world, world.regions.county, year=2026, frequencies={})
    make_enterprise(world, world.regions.township_a, risk_grade="A")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="规则配置"):
        services.generate_plan_items(plan, actor=world.users.inspector)
    assert plan.items.count() == 0


def test_more_than_twelve_a_year_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        FrequencyRule(risk_grade="A", times_per_year=13, legal_basis="x").full_clean()
