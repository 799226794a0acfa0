"""Sample cases and measures for tests and the permission matrix, and a helper to walk a case through its steps."""

import datetime

from yingji.platform.core.testing import sample_factory
from yingji.supervision.enterprises.testing import make_enterprise

from .choices import MeasureKind, Origin, PenaltyKind, Procedure
from .models import EnforcementCase, Measure, Penalty


def _enterprise(world, region, kw):
    enterprise = kw.pop("enterprise", None)
    if enterprise is None:
        enterprise = make_enterprise(world, region)
    return enterprise


@sample_factory(EnforcementCase)
def make_case(world, region, **kw):
    """A case (待立案) against a new enterprise in `region`, imposed by the bureau of that county."""
    enterprise = _enterprise(world, region, kw)
    kw.setdefault("title", "未按规定对重大危险源进行监测监控案")
    kw.setdefault("origin", Origin.INSPECTION)
    kw.setdefault("procedure", Procedure.ORDINARY)
    kw.setdefault("department", enterprise.supervising_department)
    kw.setdefault("facts", "经查，该单位液氨储罐区未设置可燃有毒气体检测报警装置。")
    kw.setdefault("violated_provisions", "《中华人民共和国安全生产法》第四十条第一款")
    kw.setdefault("penalty_basis", "《中华人民共和国安全生产法》第一百零一条第二项")
    return EnforcementCase.objects.create(enterprise=enterprise, **kw)


@sample_factory(Measure)
def make_measure(world, region, **kw):
    enterprise = _enterprise(world, region, kw)
    kw.setdefault("kind", MeasureKind.INTERVIEW)
    kw.setdefault("date", datetime.date(2026, 3, 1))
    kw.setdefault("department", enterprise.supervising_department)
    kw.setdefault("note", "约谈企业主要负责人")
    return Measure.objects.create(enterprise=enterprise, **kw)


@sample_factory(Penalty)
def make_penalty(world, region, **kw):
    """A fine on a new case in `region` (written directly: the services would need two officers of that county)."""
    case = kw.pop("case", None) or make_case(world, region)
    kw.setdefault("kind", PenaltyKind.FINE)
    if kw["kind"] == PenaltyKind.FINE:
        kw.setdefault("amount", "20000")
    return Penalty.objects.create(case=case, **kw)


def officers(world):
    return [world.users.inspector, world.users.inspector2]


def walk(case, world, until, *, start=datetime.date(2026, 3, 2), fine="50000", hearing=False, actor=None):
    """Take `case` through the ordinary procedure up to the step `until` (a Step value), on working days."""
    from . import services
    from .choices import Step

    actor = actor or world.users.inspector
    team = officers(world)
    d = start
    plan = [
        (Step.FILE, lambda: services.file_case(case, actor=actor, date=d, officers=team)),
        (Step.INVESTIGATE, lambda: services.record_investigation(case, actor=actor, date=d, officers=team)),
        (Step.NOTIFY, lambda: services.notify_case(case, actor=actor, date=d, officers=team, hearing_right=hearing)),
    ]
    if hearing:
        plan += [
            (Step.REQUEST_HEARING, lambda: services.request_hearing(case, actor=actor, date=d, officers=team)),
            (Step.HOLD_HEARING, lambda: services.hold_hearing(case, actor=actor, date=d, officers=team,
                                                              notice_date=d - datetime.timedelta(days=14))),
        ]
    plan += [
        (Step.DECIDE, lambda: services.decide_case(case, actor=actor, date=d, officers=team, penalties=[
            {"kind": "fine", "amount": fine}] if fine else [])),
        (Step.DELIVER, lambda: services.deliver_decision(case, actor=actor, date=d, officers=team)),
        (Step.EXECUTE, lambda: services.record_execution(case, actor=actor, date=d, officers=team,
                                                         paid_amount=fine or None)),
        (Step.CLOSE, lambda: services.close_case(case, actor=actor, date=d, officers=team)),
    ]
    gaps = {Step.DECIDE: 10, Step.HOLD_HEARING: 21}  # days before the step (a decision after the hearing window)
    for n, (step, call) in enumerate(plan):
        call()
        if step == until or n + 1 == len(plan):
            break
        d = d + datetime.timedelta(days=gaps.get(plan[n + 1][0], 1))
        while d.weekday() >= 5:
            d += datetime.timedelta(days=1)
    case.refresh_from_db()
    return case

