"""A bureau loads its hazard and inspection ledgers of past years from Excel; the annual report of a past year then
states what that year's records say (rectified in the year they were rectified, not on the day of the import)."""

import datetime
import io

import pytest

from yingji.analysis.reports.engine import annual_report
from yingji.platform.core import excel, imports
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.inspections.models import InspectorCertificate

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def _run(spec_name, rows, user):
    spec = imports.get(spec_name)
    data = excel.write_xlsx([str(c.header) for c in spec.columns], [[row.get(c.field, "") for c in spec.columns]
                                                                       for row in rows])
    result = imports.run(spec, io.BytesIO(data), "ledger.xlsx", user)
    assert result.ok, result.errors
    return result


def _section(report, key):
    s = next(s for p in report.parts for s in p.sections if s.key == key)
    return [p.text for p in s.paragraphs]


def test_the_report_of_a_past_year_states_the_imported_ledgers(world):
    a = make_enterprise(world, world.regions.township_a)
    for n, person in enumerate((world.users.inspector, world.users.inspector2)):
        InspectorCertificate.objects.create(user=person, region=person.region, certificate_no=f"3310990000{n}",
                                            valid_from=datetime.date(2022, 1, 1),
                                            valid_until=datetime.date(2026, 12, 31))

    def hazard(n, found, rectified="", closed="", **kw):
        return {"ledger_no": f"YH-{n}", "enterprise": a.credit_code, "description": f"隐患{n}",
                "category": "消防安全", "source": "部门检查", "found_on": found, "rectified_on": rectified,
                "evidence": "已整改" if rectified else "", "closed_on": closed, **kw}

    rows = [hazard(1, "2023-05-01", "2023-05-10", "2023-05-12")]  # 2023: 1 found, 1 rectified
    rows += [hazard(n, "2024-03-01", "2024-03-10", "2024-03-15") for n in range(2, 6)]  # 2024: 4 closed in 2024
    rows += [hazard(6, "2024-11-01", "2024-12-20", "2025-01-08")]  # closed only in 2025
    rows += [hazard(7, "2024-12-01", "2024-12-28")]  # rectified, never accepted
    rows += [hazard(8, "2024-06-01", level="重大", major_basis="工贸企业重大事故隐患判定标准第四条")]  # open
    _run("hazards-history", rows, world.users.inspector)
    inspections = [{"inspected_on": f"2024-0{m}-10", "enterprise": a.name, "inspectors": "inspector、inspector2"}
                   for m in range(1, 4)]
    inspections += [{"inspected_on": "2023-06-10", "enterprise": a.name, "inspectors": "inspector、inspector2"}]
    _run("inspections-history", inspections, world.users.inspector)

    report = annual_report(world.users.admin, world.regions.county, 2024, today=TODAY)
    assert _section(report, "hazards") == [
        "全年共排查发现各类安全隐患7处，同比上升600%；已整改销号4处，整改率57.1%。其中重大事故隐患1处，已整改销号0处，"
        "整改率0%。"]
    assert _section(report, "inspections")[0] == (
        "全年共开展安全生产监督检查3次，同比上升200%，检查生产经营单位1家。")
    earlier = annual_report(world.users.admin, world.regions.county, 2023, today=TODAY)
    assert _section(earlier, "hazards")[0].startswith("全年共排查发现各类安全隐患1处") and "已整改销号1处" in \
        _section(earlier, "hazards")[0]
