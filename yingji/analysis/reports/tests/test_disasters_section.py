"""防灾减灾救灾 in the annual report: disaster events and the losses of each township's latest report."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from yingji.analysis.reports.engine import annual_report
from yingji.disaster.losses.choices import DisasterType, LossReportKind
from yingji.disaster.losses.testing import make_disaster_event, make_loss_report

TODAY = datetime.date(2026, 11, 23)


def at(year, month, day=1, hour=8):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def disasters(world):
    r = world.regions
    flood = make_disaster_event(world, r.county, name="6·18暴雨洪涝", started_at=at(2025, 6, 18))
    flood.townships.add(r.township_a, r.township_b)
    make_loss_report(world, r.township_a, event=flood, reported_at=at(2025, 6, 18, 9), affected_population=100,
                     relocated=0)
    make_loss_report(world, r.township_a, event=flood, kind=LossReportKind.VERIFIED, reported_at=at(2025, 7, 10),
                     affected_population=120, relocated=0, direct_loss=Decimal("50"), loss_agriculture=Decimal("30"),
                     loss_housing=Decimal("20"))
    make_loss_report(world, r.township_b, event=flood, reported_at=at(2025, 6, 18, 10), affected_population=30,
                     relocated=5, direct_loss=Decimal("10"), loss_infrastructure=Decimal("10"))
    typhoon = make_disaster_event(world, r.township_a, name="第5号台风", disaster_type=DisasterType.TYPHOON,
                                  started_at=at(2025, 9, 1))
    make_loss_report(world, r.township_a, event=typhoon, reported_at=at(2025, 9, 1, 9), affected_population=50,
                     relocated=0, collapsed_households=1, collapsed_rooms=2, direct_loss=Decimal("20"),
                     loss_housing=Decimal("20"))
    last_year = make_disaster_event(world, r.township_b, name="2024年暴雨", started_at=at(2024, 7, 1))
    make_loss_report(world, r.township_b, event=last_year, reported_at=at(2024, 7, 1, 9), direct_loss=Decimal("100"),
                     loss_other=Decimal("100"))
    make_disaster_event(world, r.other_township, name="邻县洪涝", started_at=at(2025, 6, 18))


def texts(report):
    s = next(s for p in report.parts for s in p.sections if s.key == "disasters")
    return [p.text for p in s.paragraphs]


def test_county_disasters_and_losses(world, disasters, client_for):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert texts(report) == [
        "全年全县共遭受自然灾害2起（暴雨洪涝1起、台风1起），2个乡镇（街道）不同程度受灾，受灾人口200人，紧急转移安置5人，"
        "民房倒损2间，其中倒塌1户2间，造成直接经济损失80万元，同比下降20%，其中农业损失30万元，居民住房及家庭财产损失40万元，"
        "基础设施损失10万元。"]
    client = client_for(world.users.admin)
    for link in {f.link for f in report.figures if f.section == "防灾减灾救灾"}:
        assert client.get(link).status_code == 200, link


def test_township_sees_the_county_event_that_hit_it(world, disasters):
    report = annual_report(world.users.township_a, world.regions.township_a, 2025, today=TODAY)
    assert texts(report)[0].startswith("全年全镇共遭受自然灾害2起（暴雨洪涝1起、台风1起），1个乡镇（街道）不同程度受灾，受灾人口170人")


def test_no_disaster_recorded(world):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert texts(report) == ["全年全县未登记自然灾害事件。"]


def test_houses_total_first_and_people_in_wan(world):
    """腾冲市 2023: 共遭受自然灾害17起……受灾人口7.1万人……民房倒损146间 — the total before the degrees."""
    r = world.regions
    storm = make_disaster_event(world, r.county, name="8·3暴雨", started_at=at(2025, 8, 3))
    storm.townships.add(r.township_a)
    make_loss_report(world, r.township_a, event=storm, reported_at=at(2025, 8, 3, 9), affected_population=71234,
                     relocated=0, collapsed_households=1, collapsed_rooms=3, severe_households=8, severe_rooms=20,
                     minor_households=60, minor_rooms=123, direct_loss=Decimal("4634.2"),
                     loss_housing=Decimal("4634.2"))
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert texts(report) == [
        "全年全县共遭受自然灾害1起，均为暴雨洪涝，1个乡镇（街道）不同程度受灾，受灾人口7.12万人，"
        "民房倒损146间，其中倒塌1户3间、严重损坏8户20间、一般损坏60户123间，造成直接经济损失4634.2万元，去年同期为0，"
        "其中居民住房及家庭财产损失4634.2万元。"]
    people = next(f for f in report.figures if f.label == "受灾人口")
    assert people.value == 71234 and people.text == "7.12万人"
