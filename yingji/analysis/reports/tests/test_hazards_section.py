"""隐患排查治理 in the annual report from a hand-built set of hazards."""

import datetime

import pytest
from django.utils import timezone

from yingji.analysis.reports.engine import annual_report
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.hazards.choices import HazardLevel, HazardSource, HazardState
from yingji.supervision.hazards.testing import make_hazard

TODAY = datetime.date(2026, 11, 23)


def closed(year, month, day=1):
    return {"state": HazardState.CLOSED, "closed_at": timezone.make_aware(datetime.datetime(year, month, day, 15))}


@pytest.fixture
def hazards(world):
    r = world.regions
    ent_a = make_enterprise(world, r.township_a)
    ent_b = make_enterprise(world, r.township_b)
    d = datetime.date(2025, 5, 10)
    for _ in range(5):
        make_hazard(world, None, enterprise=ent_a, found_on=d, **closed(2025, 6))
    make_hazard(world, None, enterprise=ent_a, found_on=d, level=HazardLevel.MAJOR, major_basis="第三条",
                **closed(2025, 12, 31))
    # closed only after the year: not rectified at the year's end
    make_hazard(world, None, enterprise=ent_a, found_on=d, **closed(2026, 1, 5))
    make_hazard(world, None, enterprise=ent_a, found_on=d, level=HazardLevel.MAJOR, major_basis="第三条",
                supervision_level="county", supervising_unit="县安委办", supervision_deadline=datetime.date(2025, 9, 1))
    for _ in range(2):
        make_hazard(world, None, enterprise=ent_b, found_on=d, source=HazardSource.SELF_INSPECTION)
    make_hazard(world, None, enterprise=ent_a, found_on=datetime.date(2025, 12, 31),
                source=HazardSource.SELF_INSPECTION)
    for _ in range(8):
        make_hazard(world, None, enterprise=ent_a, found_on=datetime.date(2024, 3, 1))
    make_hazard(world, None, enterprise=make_enterprise(world, r.other_township), found_on=d)
    voided = make_hazard(world, None, enterprise=ent_a, found_on=d)
    voided.voided_at = timezone.now()
    voided.save()


def hazards_text(report):
    s = next(s for p in report.parts for s in p.sections if s.key == "hazards")
    return [p.text for p in s.paragraphs]


def test_hazards_found_rectified_and_rate(world, hazards, client_for):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert hazards_text(report) == [
        "全年共排查发现各类安全隐患11处，同比上升37.5%；已整改销号6处，整改率54.5%。其中重大事故隐患2处，已整改销号1处，"
        "整改率50%，挂牌督办1处。按隐患来源分，企业自查发现3处、部门检查发现8处。"]
    client = client_for(world.users.admin)
    for f in report.figures:
        if f.section == "隐患排查治理":
            assert client.get(f.link).status_code == 200, f.link
    found = next(f for f in report.figures if f.label == "排查发现隐患")
    assert "found_after=2025-01-01" in found.link and found.previous == 8


def test_township_report_counts_its_own_hazards(world, hazards):
    report = annual_report(world.users.township_b, world.regions.township_b, 2025, today=TODAY)
    assert hazards_text(report) == ["全年共排查发现各类安全隐患2处，同比增加2处；已整改销号0处，整改率0%；未发现重大事故隐患。"]


def test_no_hazards_recorded(world):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert hazards_text(report) == ["全年平台未登记排查发现的安全隐患。"]
