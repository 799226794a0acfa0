"""安全生产行政执法 in the annual report, on a hand-built set of cases taken through the procedure services."""

import datetime

from yingji.analysis.reports.engine import annual_report
from yingji.supervision.enforcement import services
from yingji.supervision.enforcement.choices import MeasureKind, PenaltyKind, PenaltyTarget, Step
from yingji.supervision.enforcement.testing import make_case, make_measure, walk

TODAY = datetime.date(2026, 11, 23)
D = datetime.date


def build(world):
    """Five cases filed in 2026 (one of them by a second department), one in 2025, and the measures."""
    other = world.orgs.transport  # a second imposing department
    walk(make_case(world, world.regions.township_a), world, Step.CLOSE, start=D(2026, 3, 2), fine="10000")
    walk(make_case(world, world.regions.township_b), world, Step.DELIVER, start=D(2026, 4, 1), fine="25000")
    c = walk(make_case(world, world.regions.township_b, department=other), world, Step.DECIDE, start=D(2026, 5, 4),
             fine="3000")
    services.add_penalty(c, actor=world.users.inspector, kind=PenaltyKind.FINE, target=PenaltyTarget.PRINCIPAL,
                         amount="2000")
    services.add_penalty(c, actor=world.users.inspector, kind=PenaltyKind.SUSPENSION, suspension_days=30)
    d = walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=D(2026, 6, 1), fine=None)
    services.add_penalty(d, actor=world.users.inspector, kind=PenaltyKind.CLOSURE)
    services.add_penalty(d, actor=world.users.inspector, kind=PenaltyKind.CONFISCATION, amount="700")
    walk(make_case(world, world.regions.township_a), world, Step.FILE, start=D(2026, 7, 1))
    walk(make_case(world, world.regions.township_a), world, Step.CLOSE, start=D(2025, 3, 3), fine="4000")
    for kind, n in [(MeasureKind.INTERVIEW, 3), (MeasureKind.EXPOSURE, 2), (MeasureKind.TYPICAL_REPORTED, 1),
                    (MeasureKind.TYPICAL_PUBLISHED, 1), (MeasureKind.JUDICIAL_TRANSFER, 1)]:
        for i in range(n):
            make_measure(world, world.regions.township_a, kind=kind, date=D(2026, 2, 1 + i))
    make_measure(world, world.regions.township_a, kind=MeasureKind.INTERVIEW, date=D(2025, 2, 1))


def texts(report):
    s = next(s for p in report.parts for s in p.sections if s.key == "enforcement")
    return [p.text for p in s.paragraphs]


def test_cases_penalties_fines_by_department_and_measures(world, client_for):
    build(world)
    report = annual_report(world.users.leader, world.regions.county, 2026, today=TODAY)
    assert texts(report) == [
        "今年以来共立案查处安全生产违法案件5起，同比增加4起；作出行政处罚决定4件，实施行政处罚7项，罚没金额累计4.07万元，"
        "同比上升917.5%，其中罚款4万元（安澜县应急管理局3.5万元、县交通运输局0.5万元）；落实“一案双罚”1起；"
        "责令停产停业整顿1家；关闭取缔1家。",
        "共约谈企业3家次，曝光2家次，上报典型执法案例1起，公开典型案例1起，移送司法机关1起。"]
    client = client_for(world.users.leader)
    for link in {f.link for f in report.figures if f.section == "安全生产行政执法"}:
        assert client.get(link).status_code == 200, link


def test_no_cases(world):
    report = annual_report(world.users.leader, world.regions.county, 2025, today=TODAY)
    assert texts(report) == ["全年平台未登记安全生产行政执法案件。"]
