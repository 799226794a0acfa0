"""安全生产行政执法 in the annual report, on the enforcement module's own statistics data set."""

import datetime

from yingji.analysis.reports.engine import annual_report
from yingji.supervision.enforcement.tests.test_stats import build

TODAY = datetime.date(2026, 11, 23)


def texts(report):
    s = next(s for p in report.parts for s in p.sections if s.key == "enforcement")
    return [p.text for p in s.paragraphs]


def test_cases_penalties_fines_by_department_and_measures(world, client_for):
    build(world)
    report = annual_report(world.users.leader, world.regions.county, 2026, today=TODAY)
    assert texts(report) == [
        "今年以来共立案查处安全生产违法案件5起，同比上升400%；作出行政处罚决定4件，实施行政处罚7项，罚没金额累计4.07万元，"
        "同比上升917.5%，其中罚款4万元（安澜县应急管理局3.5万元、县交通运输局0.5万元）；落实“一案双罚”1起；"
        "责令停产停业整顿1家；关闭取缔1家。",
        "共约谈企业3家次，曝光2家次，上报典型执法案例1起，公开典型案例1起，移送司法机关1起。"]
    client = client_for(world.users.leader)
    for link in {f.link for f in report.figures if f.section == "安全生产行政执法"}:
        assert client.get(link).status_code == 200, link


def test_no_cases(world):
    report = annual_report(world.users.leader, world.regions.county, 2025, today=TODAY)
    assert texts(report) == ["全年平台未登记安全生产行政执法案件。"]
