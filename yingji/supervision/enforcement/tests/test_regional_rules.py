"""A province's own time limit (a TimeLimitRule row with 适用区划) governs the cases of its counties, and only those."""

import datetime
from decimal import Decimal

import pytest

from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region
from yingji.supervision.enforcement import rules, services
from yingji.supervision.enforcement.choices import RuleCode
from yingji.supervision.enforcement.models import TimeLimitRule
from yingji.supervision.enforcement.testing import make_case, officers

D = datetime.date
pytestmark = pytest.mark.django_db


def _provincial(world, code, **kw):
    return TimeLimitRule.objects.create(code=code, description="省定期限", legal_basis="某省行政处罚程序规定",
                                        region=world.regions.province, **kw)


def test_the_provinces_decision_limit_applies_to_its_cases(world):
    _provincial(world, RuleCode.DECISION_ORDINARY, days=45, valid_from=D(2026, 2, 1))
    case = make_case(world, world.regions.township_a)
    services.file_case(case, actor=world.users.inspector, date=D(2026, 3, 2), officers=officers(world))
    assert case.due_on == D(2026, 4, 16)  # 45 days, not the national 90
    elsewhere = Region.objects.create(code="320000000000", name="江苏省", level=Level.PROVINCE)
    assert rules.rule_for(RuleCode.DECISION_ORDINARY, D(2026, 3, 2), elsewhere).days == 90
    assert rules.rule_for(RuleCode.DECISION_ORDINARY, D(2026, 3, 2)).days == 90


def test_the_provinces_payment_limit_and_surcharge_follow_the_case(world):
    _provincial(world, RuleCode.PAYMENT, days=10)
    _provincial(world, RuleCode.LATE_SURCHARGE, rate_percent=Decimal("1.00"), cap_ratio=Decimal("0.50"))
    case = make_case(world, world.regions.township_a)
    due, rule = rules.deadline(RuleCode.PAYMENT, D(2026, 5, 4), region=case.region)
    assert due == D(2026, 5, 14) and rule.region == world.regions.province
    assert rules.late_payment_surcharge(Decimal("1000"), due, D(2026, 5, 24), region=case.region) == Decimal("100.00")
    assert rules.late_payment_surcharge(Decimal("1000"), due, D(2026, 9, 1), region=case.region) == Decimal("500.00")
    assert rules.late_payment_surcharge(Decimal("1000"), due, D(2026, 5, 24)) == Decimal("300.00")
