"""Working-day limits on the holiday calendar (行政处罚法 Art. 85): real dates across 2025 国庆 and 2026 春节,
调休 Saturdays and Sundays, a year whose holidays are not entered, and a calendar change moving a stored limit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yingji.platform.workdays import services as workdays
from yingji.platform.workdays.choices import DayKind as CalendarKind
from yingji.platform.workdays.models import CalendarDay
from yingji.supervision.enforcement import rules, services
from yingji.supervision.enforcement.choices import CaseState, DayKind, RuleCode, Step
from yingji.supervision.enforcement.testing import make_case, officers, walk

D = datetime.date
pytestmark = pytest.mark.django_db


def calendar_queries(captured):
    return [q for q in captured.captured_queries if "workdays_calendarday" in q["sql"]]


def test_hearing_request_across_2025_national_day_counts_the_adjusted_saturday():
    # notice Tuesday 30 Sept 2025; 10/1–10/8 off; Thu 10/9, Fri 10/10, Saturday 10/11 (调休上班), Mon 10/13, Tue 10/14
    due, rule = rules.deadline(RuleCode.HEARING_REQUEST, D(2025, 9, 30))
    assert (rule.days, rule.day_kind) == (5, DayKind.WORKING)
    assert due == D(2025, 10, 14)
    # notice Friday 26 Sept: Sunday 9/28 is worked, so 9/28, 9/29, 9/30, 10/9, 10/10
    assert rules.deadline(RuleCode.HEARING_REQUEST, D(2025, 9, 26))[0] == D(2025, 10, 10)
    # counting the other way round gives the same number of working days
    assert rules.days_between(D(2025, 9, 30), D(2025, 10, 14), DayKind.WORKING) == 5
    assert rules.days_between(D(2025, 10, 14), D(2025, 9, 30), DayKind.WORKING) == -5
    assert rules.calendar_gap(D(2025, 9, 30), due, DayKind.WORKING) == []


def test_the_case_procedure_across_2025_national_day(world):
    u, team = world.users, officers(world)
    case = walk(make_case(world, world.regions.township_a), world, Step.INVESTIGATE, start=D(2025, 9, 22))
    services.notify_case(case, actor=u.inspector, date=D(2025, 9, 30), officers=team, hearing_right=True)
    # Monday–Friday counting would have closed the window on 10/7, in the middle of the holiday
    with pytest.raises(ValidationError, match="申请听证的期限（2025-10-14）届满前不能作出决定"):
        services.decide_case(case, actor=u.inspector, date=D(2025, 10, 13), officers=team)
    with pytest.raises(ValidationError, match=r"已超过听证申请期限.*2025-10-14前"):
        services.request_hearing(case, actor=u.inspector, date=D(2025, 10, 15), officers=team)
    services.request_hearing(case, actor=u.inspector, date=D(2025, 10, 14), officers=team)
    assert case.state == CaseState.HEARING_REQUESTED


def test_hearing_notice_across_2026_spring_festival(world):
    u, team = world.users, officers(world)
    case = walk(make_case(world, world.regions.township_a), world, Step.INVESTIGATE, start=D(2026, 1, 26))
    services.notify_case(case, actor=u.inspector, date=D(2026, 2, 2), officers=team, hearing_right=True)
    services.request_hearing(case, actor=u.inspector, date=D(2026, 2, 5), officers=team)
    # notice Thursday 12 Feb: Fri 2/13, Saturday 2/14 (调休上班), 2/15–2/23 off, 2/24–2/27, Saturday 2/28 (调休上班)
    with pytest.raises(ValidationError, match="最早可于 2026-02-28 举行"):
        services.hold_hearing(case, actor=u.inspector, date=D(2026, 2, 27), notice_date=D(2026, 2, 12),
                              officers=team)
    services.hold_hearing(case, actor=u.inspector, date=D(2026, 2, 28), notice_date=D(2026, 2, 12), officers=team)
    assert case.hearing_on == D(2026, 2, 28)


def test_delivery_limit_across_2026_spring_festival(world):
    u, team = world.users, officers(world)
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=D(2026, 1, 12))
    services.decide_case(case, actor=u.inspector, date=D(2026, 2, 13), officers=team,
                         penalties=[{"kind": "fine", "amount": "10000"}])
    # Friday 2/13: Saturday 2/14 (1), 2/24–2/27 (2–5), Saturday 2/28 (6), Monday 3/2 (7)
    assert (case.due_kind, case.due_on) == (RuleCode.DELIVERY, D(2026, 3, 2))
    services.deliver_decision(case, actor=u.inspector, date=D(2026, 3, 2), officers=team)
    assert not case.steps.get(step=Step.DELIVER).late


def test_a_holiday_on_a_weekday_is_skipped_and_voiding_it_counts_it_again(world):
    friday = D(2026, 3, 6)
    assert rules.add_days(friday, 5, DayKind.WORKING) == D(2026, 3, 13)
    day = CalendarDay.objects.create(date=D(2026, 3, 10), kind=CalendarKind.HOLIDAY, holiday="测试假日",
                                     basis="测试")
    assert rules.add_days(friday, 5, DayKind.WORKING) == D(2026, 3, 16)
    from yingji.platform.core.services import void_record

    void_record(day, actor=world.users.admin, reason="录入有误")
    assert rules.add_days(friday, 5, DayKind.WORKING) == D(2026, 3, 13)


def test_a_year_without_calendar_days_is_counted_monday_to_friday_and_says_so():
    # 2027 has no day in the seeded calendar
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    due = rules.add_days(D(2027, 1, 29), 5, DayKind.WORKING)  # a Friday
    assert due == D(2027, 2, 5)
    assert rules.calendar_gap(D(2026, 12, 30), D(2027, 1, 8), DayKind.WORKING) == [2027]
    assert rules.calendar_gap(D(2026, 12, 30), D(2027, 1, 8), DayKind.NATURAL) == []
    assert "2027年节假日安排未录入" in rules.calendar_gap_text([2027])
    assert rules.calendar_gap_text([]) == ""


def test_the_case_page_says_when_the_year_is_not_entered(world, client_for):
    u, team = world.users, officers(world)
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=D(2026, 3, 2))
    services.decide_case(case, actor=u.inspector, date=D(2026, 3, 20), officers=team,
                         penalties=[{"kind": "fine", "amount": "10000"}])
    url = case.get_absolute_url()
    page = client_for(u.inspector).get(url).content.decode()
    assert "节假日安排未录入" not in page
    CalendarDay.objects.filter(date__year=2026).update(voided_at=timezone.now())  # as if 2026 were not entered
    page = client_for(u.inspector).get(url).content.decode()
    assert "2026年节假日安排未录入，暂按星期一至星期五计算" in page


def test_the_case_page_reads_the_calendar_once(world, client_for):
    u, team = world.users, officers(world)
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=D(2026, 3, 2),
                hearing=False)
    services.decide_case(case, actor=u.inspector, date=D(2026, 3, 20), officers=team,
                         penalties=[{"kind": "fine", "amount": "10000"}])
    client = client_for(u.inspector)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(case.get_absolute_url()).status_code == 200
    assert len(calendar_queries(captured)) == 1


def test_many_limits_in_a_batch_read_the_calendar_once():
    starts = [D(2025, 9, 1) + datetime.timedelta(days=i) for i in range(200)]
    with CaptureQueriesContext(connection) as captured, workdays.cached():
        dues = [rules.deadline(RuleCode.DELIVERY, s)[0] for s in starts]
    assert len(calendar_queries(captured)) == 1
    assert dues[starts.index(D(2025, 9, 30))] == D(2025, 10, 16)


def test_a_calendar_change_moves_the_stored_delivery_limit(world):
    u, team = world.users, officers(world)
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=D(2026, 3, 2))
    services.decide_case(case, actor=u.inspector, date=D(2026, 3, 20), officers=team,
                         penalties=[{"kind": "fine", "amount": "10000"}])
    assert case.due_on == D(2026, 3, 31)  # Friday 3/20 + 7 working days
    CalendarDay.objects.create(date=D(2026, 3, 25), kind=CalendarKind.HOLIDAY, holiday="测试假日", basis="测试")
    case.refresh_from_db()
    assert case.due_on == D(2026, 4, 1)
    from yingji.platform.audit.models import ObjectChange

    assert ObjectChange.objects.filter(object_id=str(case.pk), message__contains="调整为 2026-04-01").exists()


def test_a_working_day_rule_added_for_another_limit_is_followed(world):
    from yingji.supervision.enforcement.models import TimeLimitRule

    u, team = world.users, officers(world)
    # a province counts the payment limit in working days from 2026-09-01 (a newer row beside the open-ended one)
    TimeLimitRule.objects.create(code=RuleCode.PAYMENT, description="缴纳罚款期限（示例：按工作日计）", days=15,
                                 day_kind=DayKind.WORKING, legal_basis="示例", valid_from=D(2026, 9, 1))
    case = walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=D(2026, 8, 3))
    services.deliver_decision(case, actor=u.inspector, date=D(2026, 9, 18), officers=team)
    # Friday 9/18: Sunday 9/20 worked, 中秋 9/25 and 国庆 10/1–10/7 off, Saturday 10/10 worked → Thursday 10/15
    assert (case.due_kind, case.due_on) == (RuleCode.PAYMENT, D(2026, 10, 15))
    CalendarDay.objects.create(date=D(2026, 10, 13), kind=CalendarKind.HOLIDAY, holiday="测试假日", basis="测试")
    case.refresh_from_db()
    assert case.due_on == D(2026, 10, 16)
    # a change dated before the limit starts leaves the case alone
    assert services.refresh_working_day_dues([D(2026, 1, 1)]) == 0
