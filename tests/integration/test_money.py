"""One 万元 rule everywhere: an accident's 4,634,250 元 of direct loss reads 463.43 万元 (ROUND_HALF_UP) on the
accident statistics page, in the statistics API, in the annual report (page and .docx) and in the ledger export.
Before platform/core/phrasing.wan became the only rule, the statistics page said 463.42 and the report 463.43."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from yingji.platform.core import phrasing
from yingji.supervision.accidents.models import Accident

LOSS = Decimal("4634250")
EXPECTED = "463.43"


@pytest.fixture
def accident(world):
    year = timezone.localdate().year
    when = timezone.make_aware(datetime.datetime(year, 1, 15, 9, 0))
    return world.sample(Accident, occurred_at=when, direct_loss=LOSS)


def test_the_rule_itself():
    assert phrasing.wan(LOSS) == Decimal(EXPECTED)
    assert phrasing.wan_text(LOSS) == EXPECTED
    assert phrasing.wan_text(Decimal("4634249.99")) == "463.42"
    assert phrasing.yuan(Decimal("1234.565")) == "1234.57"


def test_the_same_amount_reads_the_same_everywhere(world, accident, client_for, api_for):
    year = timezone.localdate().year
    period = f"start={year}-01-01&end={year}-12-31&region={world.regions.county.code}"
    client = client_for(world.users.admin)

    page = client.get(f"/supervision/accidents/stats/?{period}")
    assert page.status_code == 200
    assert EXPECTED in page.content.decode()

    api = api_for(world.users.admin).get(f"/api/v1/accident-stats/?{period}")
    assert api.status_code == 200, api.content
    assert EXPECTED in api.content.decode()

    report = client.get(f"/reports/annual/?region={world.regions.county.code}&year={year}")
    assert report.status_code == 200
    assert f"{EXPECTED}万元" in report.content.decode()
    docx = client.get(f"/reports/annual/docx/?region={world.regions.county.code}&year={year}")
    assert docx.status_code == 200
    body = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert EXPECTED in body

    export = client.get("/supervision/accidents/?_export=xlsx")
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    column = rows[0].index("直接经济损失（万元）")
    assert Decimal(str(rows[1][column])) == Decimal(EXPECTED)


def test_a_fine_reads_in_wan_yuan_on_the_supervision_statistics_and_the_home_tile(world, client_for):
    """The 安全监管统计 table and the leader's headline tiles print 罚款金额 by the same rule (phrasing.shown: 元 in
    万元), and a rate without a trailing .0: they printed the raw 4634250.00 and 78.0 before."""
    from yingji.supervision.enforcement.models import Penalty
    from yingji.supervision.enforcement.testing import make_case

    year = timezone.localdate().year
    case = make_case(world, world.regions.township_a)
    type(case).objects.filter(pk=case.pk).update(decided_on=datetime.date(year, 1, 20))
    Penalty.objects.create(case=case, kind="fine", amount=LOSS)
    page = client_for(world.users.admin).get(
        f"/analysis/supervision/?start={year}-01-01&end={year}-12-31&region={world.regions.county.code}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f">{EXPECTED}</a> <span class=\"text-muted small\">万元</span>" in html, html
    assert "4634250" not in html


def test_shown_is_the_one_rule_for_a_printed_figure():
    assert phrasing.shown(LOSS, "元") == (EXPECTED, "万元")
    assert phrasing.shown(Decimal("78.0"), "%") == ("78", "%")
    assert phrasing.shown(12, "起") == ("12", "起")
    assert phrasing.shown(None, "起") == ("—", "起")
