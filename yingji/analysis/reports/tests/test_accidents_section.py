"""一、安全生产基本情况 from a hand-built set of accidents (the figures of 黄岩区's 2019 summary: 8 against 15 …)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from yingji.analysis.reports import docx
from yingji.analysis.reports.engine import annual_report
from yingji.platform.core import phrasing
from yingji.supervision.accidents import stats
from yingji.supervision.accidents.choices import Sector
from yingji.supervision.accidents.testing import make_accident

TODAY = datetime.date(2026, 11, 23)


def at(year, month, day=1):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 30))


@pytest.fixture
def accidents(world):
    r = world.regions
    # 2025: 8 accidents, 7 deaths, 2 injured; one 较大 (3 deaths)
    make_accident(world, r.township_a, occurred_at=at(2025, 6), sector=Sector.ROAD_TRANSPORT, deaths=3,
                  unit_name="安澜客运公司")
    for deaths, injuries in ((1, 1), (1, 1), (1, 0), (0, 0), (0, 0), (0, 0)):
        make_accident(world, r.village_a, occurred_at=at(2025, 3), sector=Sector.ROAD_TRANSPORT, deaths=deaths,
                      injuries=injuries)
    make_accident(world, r.township_a, occurred_at=at(2025, 12, 31), sector=Sector.MACHINERY, deaths=1)
    # 2024: 15 accidents, 10 deaths (2 of them in township B)
    for deaths in [0] * 10 + [2]:
        make_accident(world, r.township_a, occurred_at=at(2024, 5), sector=Sector.ROAD_TRANSPORT, deaths=deaths)
    for _ in range(2):
        make_accident(world, r.township_a, occurred_at=at(2024, 5), sector=Sector.ROAD_TRANSPORT, deaths=3)
    for _ in range(2):
        make_accident(world, r.township_b, occurred_at=at(2024, 7), sector=Sector.MACHINERY, deaths=1)
    # never counted: another county, a voided record
    make_accident(world, r.other_township, occurred_at=at(2025, 4), deaths=5)
    voided = make_accident(world, r.township_a, occurred_at=at(2025, 4), deaths=2)
    voided.voided_at = timezone.now()
    voided.save()


def situation(report):
    part = next(p for p in report.parts if p.key == "situation")
    return [p.text for s in part.sections for p in s.paragraphs], part


def test_county_accident_figures_and_wording(world, accidents):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    texts, part = situation(report)
    assert part.number == "一、" and part.title == "安全生产基本情况"
    assert texts[0] == ("2025年，全县共发生各类生产安全事故8起，同比下降46.7%；死亡7人，同比下降30%；受伤2人，同比增加2人；"
                        "直接经济损失120万元，同比下降46.7%，事故起数和死亡人数实现双下降。")
    # the national 事故统计分类, then the 工矿商贸 roll-up; 1 against 2 is a difference, not "下降50%"
    assert texts[1] == ("其中，道路交通7起、死亡6人；工贸1起、死亡1人。"
                        "工矿商贸领域共发生事故1起，同比减少1起；死亡1人，同比减少1人。")
    assert texts[2] == "全年发生较大及以上生产安全事故1起，死亡3人（6月1日安澜客运公司较大事故）。"
    count = next(f for f in report.figures if f.label == "生产安全事故起数")
    assert (count.value, count.previous, count.change) == (8, 15, "同比下降46.7%")
    assert "occurred_after=2025-01-01" in count.link and "occurred_before=2025-12-31" in count.link
    assert "occurred_after=2024-01-01" in count.previous_link
    loss = next(f for f in report.figures if f.label == "生产安全事故直接经济损失")
    assert loss.value == Decimal("120.00") and loss.unit == "万元"
    assert texts[0] in docx.docx_text(docx.write_docx(report)).replace("\n", "")


def test_accident_links_list_exactly_the_counted_records(world, accidents, client_for):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    client = client_for(world.users.admin)
    count = next(f for f in report.figures if f.label == "生产安全事故起数")
    response = client.get(count.link)
    assert response.status_code == 200
    larger = next(f for f in report.figures if f.label == "较大及以上生产安全事故起数")
    assert client.get(larger.link).status_code == 200 and "severity=3" in larger.link


def test_a_township_without_accidents_says_so(world, accidents):
    report = annual_report(world.users.township_b, world.regions.township_b, 2025, today=TODAY)
    texts, _part = situation(report)
    assert texts == ["2025年，全镇未发生生产安全事故（去年同期发生2起，死亡2人），事故起数和死亡人数实现双下降。"]


def test_township_user_sees_only_his_township(world, accidents):
    report = annual_report(world.users.township_a, world.regions.township_a, 2025, today=TODAY)
    texts, _part = situation(report)
    # township A: the 8 accidents of 2025 (village A is in it) against 13 in 2024
    assert texts[0].startswith("2025年，全镇共发生各类生产安全事故8起，同比下降38.5%；死亡7人，同比下降12.5%")


def test_the_current_year_says_up_to_when(world, accidents):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=datetime.date(2025, 11, 30))
    texts, _part = situation(report)
    assert texts[0].startswith("今年以来（截至11月30日），全县共发生各类生产安全事故7起")
    assert texts[-1] == "今年以来发生较大及以上生产安全事故1起，死亡3人（6月1日安澜客运公司较大事故）。"


@pytest.mark.parametrize("current,previous", [(8, 15), (7, 10), (3, 3), (0, 0), (2, 0), (0, 4), (5, 4),
                                              (2001, 2000), (Decimal("120.5"), Decimal("225"))])
def test_report_phrasing_agrees_with_the_accident_statistics(current, previous):
    """The statistics page words a change as the report does: through phrasing.change, in the same units."""
    assert stats.change is phrasing.change
    assert (stats.UNITS["count"], stats.UNITS["deaths"], stats.UNITS["loss"]) == (
        phrasing.unit_for("生产安全事故"), "人", "万元")
    assert stats.change(current, previous, stats.UNITS["count"]) == phrasing.change(current, previous, "起")


def test_appendix_and_preview_state_last_year(world, accidents, client_for):
    import io

    from openpyxl import load_workbook

    from yingji.analysis.reports import appendix

    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    rows = list(load_workbook(io.BytesIO(appendix.write_xlsx(report)))["数据附表"].iter_rows(values_only=True))
    row = next(r for r in rows if r[2] == "生产安全事故起数")
    assert row[3:7] == (8, "起", 15, "同比下降46.7%")
    assert "occurred_after=2024-01-01" in row[8]
    html = client_for(world.users.admin).get("/reports/annual/", {"region": "331099000000", "year": 2025}) \
        .content.decode()
    assert 'title="生产安全事故起数；去年同期15起，同比下降46.7%"' in html


def test_the_report_is_chinese_whatever_the_language_of_the_users_pages(world, accidents):
    from django.utils import translation

    with translation.override("zh-hans"):
        chinese = [p.text for p in annual_report(world.users.admin, world.regions.county, 2025,
                                                 today=TODAY).paragraphs()]
    with translation.override("en"):
        report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
        english_session = [p.text for p in report.paragraphs()]
    assert english_session == chinese and any("事故" in t for t in chinese)
