"""安全生产监督检查 in the annual report from a hand-built set of inspections and campaigns."""

import datetime

import pytest

from yingji.analysis.reports.engine import annual_report
from yingji.supervision.campaigns.testing import make_campaign
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.inspections.choices import InspectionKind
from yingji.supervision.inspections.testing import make_inspection

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def inspections(world):
    r = world.regions
    a1, a2 = make_enterprise(world, r.township_a), make_enterprise(world, r.village_a)
    b = make_enterprise(world, r.township_b)
    d = datetime.date(2025, 4, 1)
    make_inspection(world, None, enterprise=a1, inspected_on=d)
    make_inspection(world, None, enterprise=a1, inspected_on=d)
    make_inspection(world, None, enterprise=a1, inspected_on=d, kind=InspectionKind.SUPERVISION)
    make_inspection(world, None, enterprise=a2, inspected_on=datetime.date(2025, 12, 31), kind=InspectionKind.SPECIAL)
    make_inspection(world, None, enterprise=b, inspected_on=datetime.date(2025, 1, 1))
    for _ in range(4):
        make_inspection(world, None, enterprise=b, inspected_on=datetime.date(2024, 6, 1))
    make_inspection(world, None, enterprise=make_enterprise(world, r.other_township), inspected_on=d)
    make_campaign(world, r.county, name="重大事故隐患专项排查整治2025行动", start_date=datetime.date(2025, 3, 1),
                  end_date=datetime.date(2025, 12, 31))
    make_campaign(world, r.county, name="2024年打非治违", start_date=datetime.date(2024, 3, 1),
                  end_date=datetime.date(2024, 5, 31))


def texts(report):
    s = next(s for p in report.parts for s in p.sections if s.key == "inspections")
    return [p.text for p in s.paragraphs]


def test_inspections_and_campaigns(world, inspections, client_for):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert texts(report) == [
        "全年共开展安全生产监督检查5次，同比增加1次，检查生产经营单位3家，其中执法检查3次、督导检查1次、专项检查1次。",
        "组织开展“重大事故隐患专项排查整治2025行动”专项行动1项。"]
    client = client_for(world.users.admin)
    for f in report.figures:
        if f.section == "安全生产监督检查":
            assert client.get(f.link).status_code == 200, f.link


def test_township_b_inspections(world, inspections):
    report = annual_report(world.users.township_b, world.regions.township_b, 2025, today=TODAY)
    assert texts(report)[0] == "全年共开展安全生产监督检查1次，同比减少3次，检查生产经营单位1家。"


def test_no_inspections(world):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert texts(report) == ["全年平台未登记安全生产监督检查记录。"]
