"""The enforcement statistics' rollups (core.rollups: cases by filing, closing and decision month, penalties with
their amounts in fen by their case's decision month, measures) equal a full recount after random changes through
the write paths (the case's procedure with real dates, penalties added, voids and restores of cases, penalties and
measures, QuerySet.update of a case's dates, department and region, edits of a measure), and every figure equals a
count or a sum made record by record, for several periods, regions and users; 执法统计 and the dashboard's
enforcement section are the same from the rollups and from the records. Run on SQLite and on PostgreSQL."""

import datetime
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from yingji.analysis.dashboard.stats import dashboard_stats
from yingji.platform.core.filtersets import filter_subtree
from yingji.platform.core.services import restore_record, void_record
from yingji.platform.core.testing_rollups import PERIODS, assert_exact, assert_figures, rollups_off
from yingji.supervision.enforcement import rollups as r
from yingji.supervision.enforcement import services
from yingji.supervision.enforcement.choices import MeasureKind, PenaltyKind, PenaltyTarget, Step
from yingji.supervision.enforcement.models import EnforcementCase, Measure, Penalty
from yingji.supervision.enforcement.stats import enforcement_stats, money
from yingji.supervision.enforcement.testing import make_case, make_measure, walk

pytestmark = pytest.mark.django_db
D = datetime.date
KEYS = [x.key for x in r.ALL]
FIRST, LAST = D(2025, 1, 1), D(2026, 10, 31)
STEPS = [Step.FILE, Step.DECIDE, Step.DECIDE, Step.DELIVER, Step.CLOSE]


def day(rnd, lo=FIRST, hi=LAST):
    d = lo + datetime.timedelta(days=rnd.randint(0, (hi - lo).days))
    while d.weekday() >= 5:
        d += datetime.timedelta(days=1)
    return d


def randomise(world, seed, n=40):
    rnd = random.Random(seed)
    w = world.regions
    places = [w.township_a, w.village_a, w.township_b]
    cases, measures = [], []
    for _ in range(5):
        fine = rnd.choice(["1234.56", "20000", "0.07", None])
        cases.append(walk(make_case(world, rnd.choice(places)), world, rnd.choice(STEPS), start=day(rnd), fine=fine))
    for _ in range(4):
        measures.append(make_measure(world, rnd.choice(places), kind=rnd.choice(list(MeasureKind.values)),
                                     date=day(rnd)))
    for _ in range(n):
        op = rnd.random()
        case = rnd.choice(cases)
        case.refresh_from_db()
        if op < 0.2:  # a penalty of a decided case (refused once delivered: nothing written)
            kind = rnd.choice([PenaltyKind.FINE, PenaltyKind.CONFISCATION, PenaltyKind.SUSPENSION])
            amount = None if kind == PenaltyKind.SUSPENSION else f"{rnd.randint(1, 99999)}.{rnd.randint(0, 99):02d}"
            try:
                services.add_penalty(case, actor=world.users.inspector, kind=kind, amount=amount,
                                     target=rnd.choice(list(PenaltyTarget.values)),
                                     suspension_days=30 if kind == PenaltyKind.SUSPENSION else None)
            except ValidationError:
                pass
        elif op < 0.3:
            p = Penalty.objects.filter(case=case).order_by("?").first()
            if p is not None:
                if p.voided_at is None:
                    void_record(p, actor=world.users.admin, reason="录入错误")
                else:
                    restore_record(p, actor=world.users.admin)
        elif op < 0.4:
            if case.voided_at is None:
                try:  # a closed case is refused (void_refusal): nothing written, counts included
                    void_record(case, actor=world.users.admin, reason="重复立案")
                except ValidationError:
                    pass
            else:
                restore_record(case, actor=world.users.admin)
        elif op < 0.55:  # a correction of the dates in SQL through the queryset (a data repair)
            field = rnd.choice(["filed_on", "decided_on", "closed_on"])
            EnforcementCase.objects.filter(pk=case.pk).update(**{field: rnd.choice([day(rnd), None])})
        elif op < 0.62:
            EnforcementCase.objects.filter(pk=case.pk).update(
                department=rnd.choice([world.orgs.transport, case.enterprise.supervising_department]))
        elif op < 0.7:  # the case moved to another township or county: its penalties with it
            EnforcementCase.objects.filter(pk=case.pk).update(region=rnd.choice([*places, w.other_township]))
        elif op < 0.78:
            cases.append(walk(make_case(world, rnd.choice(places)), world, rnd.choice(STEPS), start=day(rnd),
                              fine=f"{rnd.randint(1, 5000)}.{rnd.randint(0, 99):02d}"))
        elif op < 0.9:
            measures.append(make_measure(world, rnd.choice(places), kind=rnd.choice(list(MeasureKind.values)),
                                         date=day(rnd)))
        else:
            m = rnd.choice(measures)
            m.refresh_from_db()
            if rnd.random() < 0.5:
                m.date, m.kind = day(rnd), rnd.choice(list(MeasureKind.values))
                m.save(update_fields=["date", "kind"])
            elif m.voided_at is None:
                void_record(m, actor=world.users.admin, reason="录入错误")
            else:
                restore_record(m, actor=world.users.admin)
    return cases


def fen(qs):
    total = qs.aggregate(s=Sum("amount"))["s"]
    return int(total * 100) if total else 0


def recount(key, qs, start, end):
    """The figures counted and summed with the ORM, record by record."""
    rollup = {x.key: x for x in r.ALL}[key]
    qs = qs.filter(**{f"{rollup.date}__gte": start, f"{rollup.date}__lte": end})
    if key == r.CASES_FILED.key:
        out = {("", "", r.FILED): qs.count()}
        for dept in set(EnforcementCase.objects.values_list("department", flat=True)):
            out[("department", str(dept), r.FILED)] = qs.filter(department=dept).count()
        return out
    if key in (r.CASES_CLOSED.key, r.CASES_DECIDED.key):
        return {("", "", r.CLOSED if key == r.CASES_CLOSED.key else r.DECIDED): qs.count()}
    if key == r.PENALTY_ROLLUP.key:
        qs = qs.filter(case__voided_at__isnull=True)
        out = {}
        for kind in PenaltyKind.values:
            out[("kind", kind, r.PENALTIES)] = qs.filter(kind=kind).count()
            out[("kind", kind, r.AMOUNT)] = fen(qs.filter(kind=kind))
        for dept in set(EnforcementCase.objects.values_list("department", flat=True)):
            fines = qs.filter(kind=PenaltyKind.FINE, case__department=dept)
            out[("department", str(dept), r.FINES)] = fines.count()
            out[("department", str(dept), r.FINE_AMOUNT)] = fen(fines)
        return out
    return {("kind", kind, r.MEASURES): qs.filter(kind=kind).count() for kind in MeasureKind.values}


def scoped(user, region):
    cases = filter_subtree(EnforcementCase.objects.restrict(user, "view").active(), "region", region or user.region)
    measures = filter_subtree(Measure.objects.restrict(user, "view").active(), "region", region or user.region)
    penalties = Penalty.objects.active().filter(case__in=cases.values("pk"))
    return {r.CASES_FILED.key: cases, r.CASES_CLOSED.key: cases, r.CASES_DECIDED.key: cases,
            r.PENALTY_ROLLUP.key: penalties, r.MEASURE_ROLLUP.key: measures}


@pytest.mark.parametrize("seed", [1, 2])
def test_the_rollups_equal_a_full_recount_after_random_changes(world, seed):
    randomise(world, seed)
    assert_exact(*KEYS)
    assert Penalty.objects.filter(amount__isnull=False).exists()
    assert assert_figures(world, scoped, recount) == {"rollup", "live"}


def test_the_statistics_and_the_dashboard_are_the_same_from_the_rollups_and_from_the_records(world, monkeypatch):
    randomise(world, 3, n=30)
    u, w = world.users, world.regions
    for user, (start, end), region in [(u.leader, PERIODS[0], w.county), (u.leader, PERIODS[1], w.township_a),
                                       (u.admin, PERIODS[5], w.county), (u.township_a, PERIODS[2], None)]:
        fast = enforcement_stats(user, start, end, region)
        board = dashboard_stats(user, start, end, region)
        with rollups_off(monkeypatch):
            slow = enforcement_stats(user, start, end, region)
            slow_board = dashboard_stats(user, start, end, region)
        assert fast == slow
        assert board.pop("enforcement").pop("basis") == "rollup"
        assert slow_board.pop("enforcement").pop("basis") == "live"
        for payload in (board, slow_board):
            payload.pop("generated_at")
            for key in ("hazards", "inspections"):
                payload.get(key, {}).pop("basis", None)
        assert board == slow_board


def test_money_prints_as_the_sum_of_the_amounts():
    assert (money(0), money(7), money(123456), money(-5)) == (Decimal(0), Decimal("0.07"), Decimal("1234.56"),
                                                              Decimal("-0.05"))
    assert str(money(2000000)) == "20000.00" and str(money(0)) == "0"
