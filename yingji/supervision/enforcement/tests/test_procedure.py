"""The case procedure: every step legal and illegal, two officers, the hearing timeline, penalties, overdue cases."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yingji.platform.audit.models import ObjectChange
from yingji.supervision.enforcement import services
from yingji.supervision.enforcement.choices import CaseState, PenaltyKind, PenaltyTarget, Procedure, RuleCode, Step
from yingji.supervision.enforcement.models import CaseReview, CaseStep, EnforcementCase, Penalty
from yingji.supervision.enforcement.testing import make_case, officers, walk

D = datetime.date
pytestmark = pytest.mark.django_db


def steps_of(case):
    return list(CaseStep.objects.filter(case=case).order_by("pk").values_list("step", flat=True))


def test_the_ordinary_procedure_from_filing_to_closing(world):
    case = walk(make_case(world, world.regions.township_a), world, Step.CLOSE, start=D(2026, 3, 2), fine="50000")
    assert case.state == CaseState.CLOSED
    assert steps_of(case) == [Step.FILE, Step.INVESTIGATE, Step.NOTIFY, Step.DECIDE, Step.DELIVER, Step.EXECUTE,
                              Step.CLOSE]
    assert case.number == "安应急罚〔2026〕1号"
    assert case.total_fine == Decimal("50000")
    assert case.paid_amount == Decimal("50000.00") and case.surcharge == Decimal("0.00")
    assert set(case.officers.all()) == set(officers(world))
    for step in CaseStep.objects.filter(case=case):
        assert step.officers.count() == 2
    messages = list(ObjectChange.objects.filter(object_id=case.pk, action=ObjectChange.Action.TRANSITION,
                                                content_type__model="enforcementcase").values_list("message",
                                                                                                  flat=True))
    assert len(messages) == 7 and any(m.startswith("立案") and "安应急罚〔2026〕1号" in m for m in messages)


def test_case_numbers_run_per_year(world):
    team = officers(world)
    numbers = []
    for d in (D(2025, 12, 30), D(2026, 1, 5), D(2026, 1, 6)):
        case = make_case(world, world.regions.township_a)
        services.file_case(case, actor=world.users.inspector, date=d, officers=team)
        numbers.append(case.number)
    assert numbers == ["安应急罚〔2025〕1号", "安应急罚〔2026〕1号", "安应急罚〔2026〕2号"]


@pytest.mark.parametrize("until,illegal", [
    (None, [Step.INVESTIGATE, Step.NOTIFY, Step.DECIDE, Step.DELIVER, Step.EXECUTE, Step.CLOSE]),
    (Step.FILE, [Step.FILE, Step.NOTIFY, Step.DECIDE, Step.DELIVER, Step.CLOSE]),
    (Step.INVESTIGATE, [Step.INVESTIGATE, Step.DECIDE, Step.REQUEST_HEARING, Step.EXECUTE]),
    (Step.NOTIFY, [Step.NOTIFY, Step.REQUEST_HEARING, Step.HOLD_HEARING, Step.DELIVER]),
    (Step.DECIDE, [Step.DECIDE, Step.FILE, Step.EXECUTE, Step.CLOSE]),
    (Step.DELIVER, [Step.DELIVER, Step.CLOSE, Step.DECIDE]),
    (Step.EXECUTE, [Step.EXECUTE, Step.DELIVER]),
    (Step.CLOSE, [Step.CLOSE, Step.FILE, Step.EXECUTE]),
])
def test_illegal_steps_are_refused_and_write_nothing(world, until, illegal):
    case = make_case(world, world.regions.township_a)
    if until:
        case = walk(case, world, until, start=D(2026, 3, 2))
    before_state, before_steps = case.state, CaseStep.objects.count()
    for step in illegal:
        kwargs = {"actor": world.users.inspector, "date": D(2026, 11, 2), "officers": officers(world)}
        if step == Step.HOLD_HEARING:
            kwargs["notice_date"] = D(2026, 10, 1)
        with pytest.raises(ValidationError, match="不能进行|没有"):
            services.STEP_FUNCTIONS[step](case, **kwargs)
        case.refresh_from_db()
        assert case.state == before_state
    assert CaseStep.objects.count() == before_steps


@pytest.mark.parametrize("team", ["none", "one", "same_twice", "unqualified"])
def test_every_step_needs_two_qualified_officers(world, team):
    case = make_case(world, world.regions.township_a)
    u = world.users
    chosen = {"none": [], "one": [u.inspector], "same_twice": [u.inspector, u.inspector],
              "unqualified": [u.inspector, u.duty]}[team]
    with pytest.raises(ValidationError) as e:
        services.file_case(case, actor=u.inspector, date=D(2026, 3, 2), officers=chosen)
    assert "两人" in str(e.value) or "执法权限" in str(e.value)
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT and case.number is None and not CaseStep.objects.exists()
    foreign_case = make_case(world, world.regions.other_township)
    with pytest.raises(ValidationError, match="对本案没有执法权限"):  # officers of county A on county B's case
        services.file_case(foreign_case, actor=u.outsider, date=D(2026, 3, 2), officers=officers(world))
    walk(case, world, Step.FILE, start=D(2026, 3, 2))
    with pytest.raises(ValidationError, match="两人"):
        services.record_investigation(case, actor=u.inspector, date=D(2026, 3, 3), officers=[u.inspector])


def test_dates_must_follow_the_procedure(world):
    case = walk(make_case(world, world.regions.township_a), world, Step.FILE, start=D(2026, 3, 10))
    with pytest.raises(ValidationError, match="不能早于上一环节"):
        services.record_investigation(case, actor=world.users.inspector, date=D(2026, 3, 9),
                                      officers=officers(world))
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.record_investigation(case, actor=world.users.inspector, date=tomorrow, officers=officers(world))


def test_the_summary_procedure_decides_right_after_filing(world):
    case = make_case(world, world.regions.township_a, procedure=Procedure.SIMPLE)
    team = officers(world)
    services.file_case(case, actor=world.users.inspector, date=D(2026, 4, 1), officers=team)
    with pytest.raises(ValidationError, match="简易程序案件没有"):
        services.record_investigation(case, actor=world.users.inspector, date=D(2026, 4, 1), officers=team)
    with pytest.raises(ValidationError, match="简易程序只能给予警告或罚款"):
        services.decide_case(case, actor=world.users.inspector, date=D(2026, 4, 1), officers=team,
                             penalties=[{"kind": PenaltyKind.SUSPENSION}])
    services.decide_case(case, actor=world.users.inspector, date=D(2026, 4, 1), officers=team,
                         penalties=[{"kind": PenaltyKind.FINE, "amount": "2000"}])
    assert case.state == CaseState.DECIDED and case.due_kind == RuleCode.DELIVERY


def test_hearing_timeline(world):
    u, team = world.users, officers(world)
    case = walk(make_case(world, world.regions.township_a), world, Step.INVESTIGATE, start=D(2026, 3, 2))
    services.notify_case(case, actor=u.inspector, date=D(2026, 3, 6), officers=team, hearing_right=True)  # Friday
    # 5 working days after Friday 6 March: Friday 13 March; a decision before that is refused
    with pytest.raises(ValidationError, match="申请听证的期限（2026-03-13）届满前不能作出决定"):
        services.decide_case(case, actor=u.inspector, date=D(2026, 3, 12), officers=team)
    with pytest.raises(ValidationError, match="已超过听证申请期限"):
        services.request_hearing(case, actor=u.inspector, date=D(2026, 3, 16), officers=team)
    services.request_hearing(case, actor=u.inspector, date=D(2026, 3, 13), officers=team)
    assert case.state == CaseState.HEARING_REQUESTED
    with pytest.raises(ValidationError, match="不能早于申请听证日期"):
        services.hold_hearing(case, actor=u.inspector, date=D(2026, 3, 30), notice_date=D(2026, 3, 12),
                              officers=team)
    # notice on Monday 16 March: the hearing may be held 7 working days later, on Wednesday 25 March at the earliest
    with pytest.raises(ValidationError, match="最早可于 2026-03-25 举行"):
        services.hold_hearing(case, actor=u.inspector, date=D(2026, 3, 24), notice_date=D(2026, 3, 16),
                              officers=team)
    services.hold_hearing(case, actor=u.inspector, date=D(2026, 3, 25), notice_date=D(2026, 3, 16), officers=team)
    assert (case.state, case.hearing_notice_on, case.hearing_on) == (CaseState.HEARING_HELD, D(2026, 3, 16),
                                                                    D(2026, 3, 25))
    services.decide_case(case, actor=u.inspector, date=D(2026, 3, 27), officers=team,
                         penalties=[{"kind": PenaltyKind.SUSPENSION, "suspension_days": 30}])
    assert case.state == CaseState.DECIDED


def test_without_the_hearing_right_no_hearing_can_be_requested(world):
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=D(2026, 3, 2))
    with pytest.raises(ValidationError, match="不能进行“申请听证”"):
        services.request_hearing(case, actor=world.users.inspector, date=D(2026, 3, 5), officers=officers(world))


def test_a_fine_without_a_decision_is_refused(world):
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=D(2026, 3, 2))
    with pytest.raises(ValidationError, match="尚未作出行政处罚决定"):
        services.add_penalty(case, actor=world.users.inspector, kind=PenaltyKind.FINE, amount="1000")
    with pytest.raises(ValidationError, match="尚未作出行政处罚决定"):
        Penalty(case=case, kind=PenaltyKind.FINE, amount=Decimal(1000)).full_clean()
    assert not Penalty.objects.exists()


def test_a_decision_before_filing_is_refused(world):
    case = make_case(world, world.regions.township_a)
    with pytest.raises(ValidationError, match="“待立案”，不能进行“决定”"):
        services.decide_case(case, actor=world.users.inspector, date=D(2026, 3, 2), officers=officers(world),
                             penalties=[{"kind": PenaltyKind.FINE, "amount": "1000"}])
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT and not Penalty.objects.exists() and not CaseStep.objects.exists()


@pytest.mark.parametrize("spec,message", [
    ({"kind": PenaltyKind.FINE, "amount": "-100"}, "金额必须大于零"),
    ({"kind": PenaltyKind.FINE, "amount": "0"}, "金额必须大于零"),
    ({"kind": PenaltyKind.FINE}, "须填写金额"),
    ({"kind": PenaltyKind.FINE, "amount": "abc"}, "金额格式不正确"),
    ({"kind": PenaltyKind.WARNING, "amount": "100"}, "不填写金额"),
    ({"kind": "jail", "amount": "100"}, "处罚种类不正确"),
])
def test_bad_penalties_are_refused_and_the_decision_is_not_written(world, spec, message):
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=D(2026, 3, 2))
    with pytest.raises(ValidationError, match=message):
        services.decide_case(case, actor=world.users.inspector, date=D(2026, 3, 20), officers=officers(world),
                             penalties=[{"kind": PenaltyKind.WARNING}, spec])
    case.refresh_from_db()
    assert case.state == CaseState.NOTIFIED and case.decided_on is None
    assert not Penalty.objects.exists() and not CaseStep.objects.filter(step=Step.DECIDE).exists()


def test_double_penalty_on_enterprise_and_principal(world):
    case = walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=D(2026, 3, 2), fine="80000")
    assert not case.is_double_penalty
    services.add_penalty(case, actor=world.users.inspector, kind=PenaltyKind.FINE, target=PenaltyTarget.PRINCIPAL,
                         amount="12000")
    case = EnforcementCase.objects.get(pk=case.pk)
    assert case.is_double_penalty and case.total_fine == Decimal("92000")
    principal = case.penalties.get(target=PenaltyTarget.PRINCIPAL)
    assert principal.target_name == case.enterprise.principal_name
    services.deliver_decision(case, actor=world.users.inspector, date=D(2026, 3, 17), officers=officers(world))
    with pytest.raises(ValidationError, match="已送达"):
        services.add_penalty(case, actor=world.users.inspector, kind=PenaltyKind.WARNING)


def test_late_payment_adds_the_surcharge_at_execution(world):
    case = walk(make_case(world, world.regions.township_a), world, Step.DELIVER, start=D(2026, 3, 2), fine="10000")
    assert case.due_kind == RuleCode.PAYMENT
    assert case.due_on == case.delivered_on + datetime.timedelta(days=15)
    with pytest.raises(ValidationError, match="请填写实缴金额"):
        services.record_execution(case, actor=world.users.inspector, date=D(2026, 5, 4), officers=officers(world))
    with pytest.raises(ValidationError, match="不能为负数"):
        services.record_execution(case, actor=world.users.inspector, date=D(2026, 5, 4), officers=officers(world),
                                  paid_amount="-1")
    paid_on = case.due_on + datetime.timedelta(days=4)
    services.record_execution(case, actor=world.users.inspector, date=paid_on, officers=officers(world),
                              paid_amount="11200", paid_on=paid_on)
    assert case.surcharge == Decimal("1200.00")
    step = CaseStep.objects.get(case=case, step=Step.EXECUTE)
    assert step.late and step.due_on == case.delivered_on + datetime.timedelta(days=15)


def test_overdue_cases_are_flagged_and_filtered(world):
    team = officers(world)
    late = make_case(world, world.regions.township_a)
    services.file_case(late, actor=world.users.inspector, date=D(2026, 1, 5), officers=team)  # due 2026-02-04
    fresh = make_case(world, world.regions.township_a)
    services.file_case(fresh, actor=world.users.inspector, date=datetime.date.today(), officers=team)
    draft = make_case(world, world.regions.township_a)
    closed = walk(make_case(world, world.regions.township_a), world, Step.CLOSE, start=D(2025, 3, 3))
    assert late.is_overdue and not fresh.is_overdue and not draft.is_overdue and not closed.is_overdue
    assert set(EnforcementCase.objects.overdue()) == {late}
    assert set(EnforcementCase.objects.overdue(today=D(2026, 2, 4))) == set()
    # the decision came too late: the step says so
    services.record_investigation(late, actor=world.users.inspector, date=D(2026, 1, 6), officers=team)
    services.notify_case(late, actor=world.users.inspector, date=D(2026, 1, 7), officers=team)
    services.decide_case(late, actor=world.users.inspector, date=D(2026, 2, 10), officers=team)
    assert CaseStep.objects.get(case=late, step=Step.DECIDE).late
    # 7 working days from Tuesday 2026-02-10: 2/11–2/13, Saturday 2/14 (调休上班), 春节 2/15–2/23 not counted, 2/24–2/26
    assert late.due_kind == RuleCode.DELIVERY and late.due_on == D(2026, 2, 26)


def test_review_only_for_closed_cases(world):
    scores = {code: (maximum - 1, "扣1分") for code, _label, maximum in services.REVIEW_ITEMS}
    case = walk(make_case(world, world.regions.township_a), world, Step.EXECUTE, start=D(2026, 3, 2))
    with pytest.raises(ValidationError, match="只有已结案"):
        services.review_case(case, actor=world.users.leader, date=D(2026, 6, 1), scores=scores)
    services.close_case(case, actor=world.users.inspector, date=D(2026, 6, 1), officers=officers(world))
    bad = {**scores, "evidence": (Decimal(25), "")}
    with pytest.raises(ValidationError, match="0 至 20"):
        services.review_case(case, actor=world.users.leader, date=D(2026, 6, 2), scores=bad)
    review = services.review_case(case, actor=world.users.leader, date=D(2026, 6, 2), scores=scores,
                                  conclusion="案卷基本规范")
    assert review.max_total == Decimal(100) and review.total == Decimal(100 - len(services.REVIEW_ITEMS))
    assert review.items.count() == len(services.REVIEW_ITEMS)
    with pytest.raises(ValidationError, match="已评查"):
        services.review_case(case, actor=world.users.leader, date=D(2026, 6, 2), scores=scores)
    assert CaseReview.objects.count() == 1


def test_a_voided_case_cannot_go_on(world):
    from yingji.platform.core.services import void_record

    case = make_case(world, world.regions.township_a)
    void_record(case, actor=world.users.admin, reason="重复录入")
    with pytest.raises(ValidationError, match="已作废"):
        services.file_case(case, actor=world.users.inspector, date=D(2026, 3, 2), officers=officers(world))
