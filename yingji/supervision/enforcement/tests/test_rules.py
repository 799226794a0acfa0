"""Time limits as data: working days, the decision limit by procedure and date, the late-payment surcharge."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yingji.supervision.enforcement import rules, services
from yingji.supervision.enforcement.choices import DayKind, DecisionExtension, Procedure, RuleCode
from yingji.supervision.enforcement.models import TimeLimitRule
from yingji.supervision.enforcement.testing import make_case, officers

D = datetime.date


@pytest.mark.django_db
def test_working_days_skip_weekends():
    friday = D(2026, 3, 6)
    assert rules.add_days(friday, 1, DayKind.WORKING) == D(2026, 3, 9)
    assert rules.add_days(friday, 5, DayKind.WORKING) == D(2026, 3, 13)
    assert rules.add_days(friday, 7, DayKind.WORKING) == D(2026, 3, 17)
    assert rules.add_days(friday, 15, DayKind.NATURAL) == D(2026, 3, 21)
    assert rules.days_between(friday, D(2026, 3, 17), DayKind.WORKING) == 7
    assert rules.days_between(friday, D(2026, 3, 8), DayKind.WORKING) == 0


@pytest.mark.django_db
def test_rules_are_seeded_with_their_legal_basis():
    codes = set(TimeLimitRule.objects.values_list("code", flat=True))
    assert codes == set(RuleCode.values)
    hearing = rules.rule_for(RuleCode.HEARING_REQUEST, D(2026, 5, 1))
    assert (hearing.days, hearing.day_kind) == (5, DayKind.WORKING)
    assert "第六十四条" in hearing.legal_basis
    notice = rules.rule_for(RuleCode.HEARING_NOTICE, D(2026, 5, 1))
    assert notice.days == 7
    assert rules.rule_for(RuleCode.DELIVERY, D(2026, 5, 1)).days == 7
    assert rules.rule_for(RuleCode.PAYMENT, D(2026, 5, 1)).days == 15
    surcharge = rules.rule_for(RuleCode.LATE_SURCHARGE, D(2026, 5, 1))
    assert (surcharge.rate_percent, surcharge.cap_ratio) == (Decimal("3.00"), Decimal("1.00"))


@pytest.mark.django_db
def test_the_decision_limit_changed_on_2026_02_01():
    old = rules.rule_for(RuleCode.DECISION_ORDINARY, D(2026, 1, 31))
    new = rules.rule_for(RuleCode.DECISION_ORDINARY, D(2026, 2, 1))
    assert old.days == 30 and old.valid_to == D(2026, 1, 31) and "77号令" in old.legal_basis
    assert new.days == 90 and new.valid_from == D(2026, 2, 1) and "18号" in new.legal_basis


@pytest.mark.django_db
def test_decision_limit_by_procedure_and_filing_date(world):
    team = officers(world)
    before = make_case(world, world.regions.township_a)
    services.file_case(before, actor=world.users.inspector, date=D(2026, 1, 20), officers=team)
    assert before.due_on == D(2026, 2, 19)  # 30 days under 77号令
    assert before.due_kind == RuleCode.DECISION_ORDINARY
    after = make_case(world, world.regions.township_a)
    services.file_case(after, actor=world.users.inspector, date=D(2026, 2, 2), officers=team)
    assert after.due_on == D(2026, 5, 3)  # 90 days from 2026-02-01 on
    simple = make_case(world, world.regions.township_a, procedure=Procedure.SIMPLE)
    services.file_case(simple, actor=world.users.inspector, date=D(2026, 1, 20), officers=team)
    assert simple.due_on == D(2026, 1, 20)  # 当场作出


@pytest.mark.django_db
def test_an_extension_uses_its_rule_and_falls_back_when_none_is_in_force(world):
    team = officers(world)
    case = make_case(world, world.regions.township_a)
    services.file_case(case, actor=world.users.inspector, date=D(2026, 1, 5), officers=team)
    case.decision_extension = DecisionExtension.EXTENDED
    case.save()
    services.refresh_due(case)
    assert case.due_on == D(2026, 4, 5)  # 90 days
    case.decision_extension = DecisionExtension.FURTHER
    services.refresh_due(case)
    assert case.due_on == D(2026, 7, 4)  # 180 days
    later = make_case(world, world.regions.township_a, decision_extension=DecisionExtension.FURTHER)
    services.file_case(later, actor=world.users.inspector, date=D(2026, 3, 2), officers=team)
    assert later.due_on == D(2026, 5, 31)  # no extension row after 2026-02-01: the ordinary 90 days


@pytest.mark.django_db
def test_a_rule_changed_as_data_changes_the_limit(world):
    TimeLimitRule.objects.filter(code=RuleCode.DECISION_ORDINARY, valid_from=D(2026, 2, 1)).update(
        valid_to=D(2026, 5, 31))
    TimeLimitRule.objects.create(code=RuleCode.DECISION_ORDINARY, description="省定期限", days=60,
                                 legal_basis="某省规定", valid_from=D(2026, 6, 1))
    case = make_case(world, world.regions.township_a)
    services.file_case(case, actor=world.users.inspector, date=D(2026, 6, 1), officers=officers(world))
    assert case.due_on == D(2026, 7, 31)


@pytest.mark.django_db
def test_a_missing_rule_is_a_clear_error():
    TimeLimitRule.objects.filter(code=RuleCode.PAYMENT).update(valid_to=D(2020, 1, 1))
    with pytest.raises(ValidationError, match="罚款缴纳期限"):
        rules.rule_for(RuleCode.PAYMENT, D(2026, 1, 1))


@pytest.mark.django_db
def test_late_payment_surcharge_is_three_percent_a_day_capped_at_the_fine():
    due = D(2026, 3, 1)
    assert rules.late_payment_surcharge(Decimal("10000"), due, due) == Decimal("0.00")
    assert rules.late_payment_surcharge(Decimal("10000"), due, D(2026, 2, 20)) == Decimal("0.00")
    assert rules.late_payment_surcharge(Decimal("10000"), due, D(2026, 3, 2)) == Decimal("300.00")
    assert rules.late_payment_surcharge(Decimal("10000"), due, D(2026, 3, 11)) == Decimal("3000.00")
    # 34 days × 3 % = 102 % → capped at the fine itself
    assert rules.late_payment_surcharge(Decimal("10000"), due, D(2026, 4, 4)) == Decimal("10000.00")
    assert rules.late_payment_surcharge(Decimal("10000"), due, D(2027, 1, 1)) == Decimal("10000.00")
    assert rules.late_payment_surcharge(Decimal("333.33"), due, D(2026, 3, 2)) == Decimal("10.00")
    assert rules.late_payment_surcharge(Decimal("0"), due, D(2026, 4, 1)) == Decimal("0.00")
