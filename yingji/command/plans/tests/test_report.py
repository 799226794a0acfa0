"""The annual report's plan, drill, training and publicity paragraphs and the dashboard figures: computed from the
records of the period and the scope, phrased as the bureaus write them."""

import datetime

import pytest
from django.utils import timezone

from yingji.command.plans import services
from yingji.command.plans.testing import make_drill, make_finding, make_plan, make_version, pdf_file
from yingji.command.training.testing import make_activity, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    today = timezone.localdate()
    year_start = today.replace(month=1, day=1)
    day = max(year_start, today - datetime.timedelta(days=3))
    plan = make_plan(world, world.regions.township_a, issued_on=year_start - datetime.timedelta(days=400))
    make_version(plan, label="首版", issued_on=plan.issued_on)
    services.add_version(plan, actor=world.users.admin, label="修订版", issued_on=day, file=pdf_file(),
                         reason="drill")
    make_drill(world, world.regions.township_a, plans=[plan], held_on=day, participants=120)
    drill = make_drill(world, world.regions.township_b, plans=[make_plan(world, world.regions.township_b)],
                       held_on=day, participants=80, kind="tabletop")
    make_finding(world, world.regions.township_b, drill=drill)
    make_drill(world, world.regions.township_a, plans=[plan], held_on=year_start - datetime.timedelta(days=5),
               participants=999)  # last year: not counted
    make_session(world, world.regions.township_a, held_on=day, trained=56, audience="principal")
    make_session(world, world.regions.township_b, held_on=day, trained=30, audience="special_operation")
    make_activity(world, world.regions.township_a, held_on=day, reached=1200, materials=800, venue="community")
    make_activity(world, world.regions.village_a, held_on=day, reached=300, materials=0, venue="public_place",
                  campaign="disaster_day")
    return day


def test_annual_report_sections(world, records):
    from yingji.analysis.reports.engine import annual_report

    today = timezone.localdate()
    report = annual_report(world.users.admin, world.regions.county, today.year, today=today)
    text = "".join(p.text for p in report.paragraphs())
    assert "开展演练2场，参演200人次" in text
    assert "其中实战（含双盲）演练1场、桌面推演1场" in text
    assert "通过演练发现问题1个，已整改或据此修订预案0个" in text
    assert "修订完善1件" in text
    assert "举办各类培训班2期，培训86人次，其中企业主要负责人和安全管理人员56人次、特种作业人员30人次" in text
    assert "开展安全生产和防灾减灾宣传活动2场，受众1500人次，发放宣传资料800份；其中“五进”活动1场" in text
    # a township's report counts its own records only
    report = annual_report(world.users.township_a, world.regions.township_a, today.year, today=today)
    text = "".join(p.text for p in report.paragraphs())
    assert "开展演练1场，参演120人次" in text and "培训56人次" in text


def test_dashboard_figures(world, records):
    from yingji.analysis.dashboard.stats import dashboard_stats

    today = timezone.localdate()
    data = dashboard_stats(world.users.admin, today.replace(month=1, day=1), today)
    figures = {f["id"]: f for f in data["results"]}
    assert figures["drills.held"]["value"] == 2 and figures["drills.participants"]["value"] == 200
    assert figures["plans.revised"]["value"] == 1
    assert figures["training.people"]["value"] == 86 and figures["publicity.reached"]["value"] == 1500
    data = dashboard_stats(world.users.township_b, today.replace(month=1, day=1), today)
    figures = {f["id"]: f for f in data["results"]}
    assert figures["drills.held"]["value"] == 1 and figures["training.people"]["value"] == 30
    township = next(r for r in data["by_township"] if r["code"] == world.regions.township_b.code)
    assert township["drills"] == 1 and township["trained"] == 30
