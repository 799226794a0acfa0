"""A report for any period within a year (a quarter, a half year, 今年以来) with 同比 on the same dates a year earlier,
and the 基期 table: last year's totals for a bureau whose records start later (records win when they exist)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook

from yingji.analysis.reports.context import build_context
from yingji.analysis.reports.engine import annual_report
from yingji.analysis.reports.imports import BaselineFigureImport
from yingji.analysis.reports.models import BaselineFigure, ReportNarrative
from yingji.analysis.reports.testing import make_baseline_figure
from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import imports
from yingji.supervision.accidents.choices import Sector
from yingji.supervision.accidents.models import SectorCategory
from yingji.supervision.accidents.testing import make_accident

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
D = datetime.date


def at(year, month, day=1):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 30))


def situation(report):
    part = next(p for p in report.parts if p.key == "situation")
    return [p.text for s in part.sections for p in s.paragraphs]


def figure(report, label):
    return next(f for f in report.figures if f.label == label)


@pytest.fixture
def quarters(world):
    r = world.regions
    # third quarter of 2025: 5 accidents, 3 deaths; of 2024: 10 accidents, 6 deaths; others outside the quarters
    for deaths in (1, 1, 1, 0, 0):
        make_accident(world, r.township_a, occurred_at=at(2025, 8, 10), sector=Sector.ROAD_TRANSPORT, deaths=deaths)
    for deaths in (1, 1, 1, 1, 1, 1, 0, 0, 0, 0):
        make_accident(world, r.township_a, occurred_at=at(2024, 9, 30), sector=Sector.ROAD_TRANSPORT, deaths=deaths)
    make_accident(world, r.township_a, occurred_at=at(2025, 6, 30), sector=Sector.ROAD_TRANSPORT, deaths=4)
    make_accident(world, r.township_a, occurred_at=at(2024, 10, 1), sector=Sector.ROAD_TRANSPORT, deaths=4)


def test_a_quarter_is_compared_with_the_same_quarter_last_year(world, quarters):
    report = annual_report(world.users.admin, world.regions.county, start=D(2025, 7, 1), end=D(2025, 9, 30),
                           today=TODAY)
    assert report.title == "安澜县应急管理局2025年7—9月工作总结"
    assert situation(report) == [
        "2025年7—9月，全县共发生各类生产安全事故5起，死亡3人，同比均下降50%；直接经济损失75万元，同比下降50%，"
        "事故起数和死亡人数实现双下降。",
        "均为道路交通事故。工矿商贸领域未发生生产安全事故。",
        "第三季度未发生较大及以上生产安全事故。"]
    count = figure(report, "生产安全事故起数")
    assert (count.value, count.previous) == (5, 10)
    assert "occurred_after=2025-07-01" in count.link and "occurred_before=2025-09-30" in count.link
    assert "occurred_after=2024-07-01" in count.previous_link and "occurred_before=2024-09-30" in count.previous_link


@pytest.mark.parametrize(("start", "end", "period", "whole"), [
    (D(2025, 1, 1), D(2025, 12, 31), "2025年", "全年"),
    (D(2025, 1, 1), D(2025, 6, 30), "2025年1—6月", "上半年"),
    (D(2025, 7, 1), D(2025, 12, 31), "2025年7—12月", "下半年"),
    (D(2025, 4, 1), D(2025, 6, 30), "2025年4—6月", "第二季度"),
    (D(2025, 3, 1), D(2025, 3, 31), "2025年3月", "3月"),
    (D(2025, 1, 1), D(2025, 11, 30), "2025年1—11月", "1—11月"),  # a past year: not 今年以来
    (D(2026, 1, 1), D(2026, 11, 20), "今年以来（截至11月20日）", "今年以来"),
    (D(2025, 3, 5), D(2025, 6, 30), "2025年3月5日至6月30日", "期内"),
])
def test_how_a_period_is_named(world, start, end, period, whole):
    ctx = build_context(world.users.admin, world.regions.county, start=start, end=end, today=TODAY)
    assert (ctx.period_text, ctx.whole_text) == (period, whole)


def test_a_leap_day_compares_with_the_28th(world):
    ctx = build_context(world.users.admin, world.regions.county, start=D(2024, 2, 1), end=D(2024, 2, 29), today=TODAY)
    assert (ctx.previous_start, ctx.previous_end) == (D(2023, 2, 1), D(2023, 2, 28))


@pytest.mark.parametrize(("start", "end", "message"), [
    (D(2024, 7, 1), D(2025, 6, 30), "报告时段应在同一年度内"),
    (D(2025, 9, 30), D(2025, 7, 1), "结束日期不能早于开始日期"),
    (D(2027, 1, 1), D(2027, 3, 31), "开始日期应在"),
    (D(1999, 1, 1), D(1999, 3, 31), "开始日期应在"),
])
def test_bad_periods_are_refused_in_chinese(world, start, end, message):
    with pytest.raises(ValidationError, match=message):
        build_context(world.users.admin, world.regions.county, start=start, end=end, today=TODAY)


def test_an_end_after_today_is_cut_to_today(world):
    ctx = build_context(world.users.admin, world.regions.county, start=D(2026, 10, 1), end=D(2026, 12, 31),
                        today=TODAY)
    assert ctx.end == TODAY and ctx.previous_end == D(2025, 11, 23)


def test_the_page_and_the_api_take_start_and_end(world, quarters, client_for, api_for):
    client = client_for(world.users.admin)
    params = {"region": "331099000000", "start": "2025-07-01", "end": "2025-09-30"}
    html = client.get("/reports/annual/", params).content.decode()
    assert "2025年7—9月，全县共发生各类生产安全事故" in html
    assert "start=2025-07-01" in html and "end=2025-09-30" in html  # the downloads are of the same period
    download = client.get("/reports/annual/docx/", params)
    assert download.status_code == 200
    response = api_for(world.users.admin).get("/api/v1/annual-report/", params)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["period"] == {"start": "2025-07-01", "end": "2025-09-30", "label": "2025年7—9月"}
    assert data["previous_period"] == {"start": "2024-07-01", "end": "2024-09-30"}
    count = next(f for f in data["figures"] if f["label"] == "生产安全事故起数")
    assert (count["value"], count["previous"], count["change"]) == ("5", "10", "同比下降50%")
    # the calendar year by default, ?year= as before
    assert client.get("/reports/annual/", {"region": "331099000000", "year": 2025}).status_code == 200


@pytest.mark.parametrize("params", [{"start": "2024-07-01", "end": "2025-06-30"}, {"start": "2025-07-01"},
                                    {"start": "2025-13-01", "end": "2025-12-31"}])
def test_a_bad_period_is_400_on_page_and_api(world, client_for, api_for, params):
    params = {"region": "331099000000", **params}
    page = client_for(world.users.admin).get("/reports/annual/", params)
    assert page.status_code == 400
    assert "报告时段应在同一年度内" in page.content.decode() or "日期" in page.content.decode()
    assert client_for(world.users.admin).get("/reports/annual/xlsx/", params).status_code == 400
    assert api_for(world.users.admin).get("/api/v1/annual-report/", params).status_code == 400


def test_the_api_keeps_to_the_users_scope(world, api_for):
    api = api_for(world.users.township_a)
    assert api.get("/api/v1/annual-report/", {"region": "331099102000", "year": 2025}).status_code == 404
    assert api.get("/api/v1/annual-report/", {"region": "331099101000", "year": 2025}).status_code == 200
    assert api_for(world.users.nobody).get("/api/v1/annual-report/").status_code == 403


def test_narratives_stay_per_year_and_appear_in_a_quarter_report(world, quarters):
    ReportNarrative.objects.create(region=world.regions.county, year=2025, section="problems",
                                   text="一是基层应急力量不足。")
    report = annual_report(world.users.admin, world.regions.county, start=D(2025, 7, 1), end=D(2025, 9, 30),
                           today=TODAY)
    problems = next(s for p in report.parts for s in p.sections if s.key == "problems")
    assert [p.text for p in problems.paragraphs] == ["一是基层应急力量不足。"]


# --- 基期 -------------------------------------------------------------------------------------------------------
@pytest.fixture
def first_year(world):
    """A bureau whose records start in 2025: 2025's accidents, 2024's totals in the 基期 table only."""
    r = world.regions
    for deaths in (1, 1, 1, 1, 1, 0, 0, 0):
        make_accident(world, r.township_a, occurred_at=at(2025, 5), sector=Sector.ROAD_TRANSPORT, deaths=deaths)
    for indicator, value in (("accidents", 16), ("accident_deaths", 10), ("accident_injuries", 3),
                             ("accident_loss", "80.5")):
        make_baseline_figure(world, r.county, year=2024, indicator=indicator, value=value,
                             source="2024年全县安全生产统计年报")


def test_the_first_years_report_states_its_change_on_the_baseline(world, first_year):
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert situation(report)[0] == (
        "2025年，全县共发生各类生产安全事故8起，死亡5人，同比均下降50%；受伤0人，同比减少3人；"
        "直接经济损失120万元，同比上升49.1%，事故起数和死亡人数实现双下降。")
    count = figure(report, "生产安全事故起数")
    baseline = BaselineFigure.objects.get(indicator="accidents")
    assert (count.previous, count.previous_link) == (16, baseline.get_absolute_url())


def test_records_win_over_the_baseline(world, first_year):
    make_accident(world, world.regions.township_a, occurred_at=at(2024, 5), sector=Sector.ROAD_TRANSPORT, deaths=2)
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert situation(report)[0].startswith("2025年，全县共发生各类生产安全事故8起，同比增加7起；死亡5人，同比增加3人")
    assert "occurred_after=2024-01-01" in figure(report, "生产安全事故起数").previous_link


def test_the_baseline_holds_whole_years_and_its_own_region(world, first_year):
    quarter = annual_report(world.users.admin, world.regions.county, start=D(2025, 4, 1), end=D(2025, 6, 30),
                            today=TODAY)
    assert figure(quarter, "生产安全事故起数").previous == 0
    township = annual_report(world.users.admin, world.regions.township_a, 2025, today=TODAY)
    assert figure(township, "生产安全事故起数").previous == 0


def test_a_year_without_accidents_after_a_baseline(world):
    make_baseline_figure(world, world.regions.county, year=2024, indicator="accidents", value=3)
    make_baseline_figure(world, world.regions.county, year=2024, indicator="accident_deaths", value=2)
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert situation(report) == ["2025年，全县未发生生产安全事故（去年同期发生3起，死亡2人），事故起数和死亡人数实现双下降。"]


def test_baseline_pages_who_may_do_what(world, client_for):
    admin, township = client_for(world.users.admin), client_for(world.users.township_a)
    assert admin.get("/baselinefigures/").status_code == 200
    data = {"region": world.regions.county.pk, "year": 2024, "indicator": "fines", "value": "23.55",
            "source": "2024年工作总结"}
    assert township.post("/baselinefigures/add/", data).status_code == 403
    response = admin.post("/baselinefigures/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = BaselineFigure.objects.get(indicator="fines")
    assert str(row.value) == "23.55" and row.value_text == "23.55万元"
    assert township.get(row.get_absolute_url()).status_code == 404  # a county figure is outside his township
    # a second figure for the same region, year and indicator, a count with decimals, a village: Chinese errors
    for bad, message in ((data, "已有基期数据"), ({**data, "indicator": "accidents", "value": "2.5"}, "应为整数"),
                         ({**data, "indicator": "cases", "value": "-1"}, "不能为负数"),
                         ({**data, "indicator": "cases", "region": world.regions.village_a.pk}, "选择一个有效的选项")):
        response = admin.post("/baselinefigures/add/", bad)
        assert response.status_code == 400 and message in response.content.decode()
    assert BaselineFigure.objects.count() == 1
    edit = admin.post(f"/baselinefigures/{row.pk}/edit/", {**data, "value": "24"})
    assert edit.status_code == 302
    assert ObjectChange.objects.filter(object_id=str(row.pk), content_type__model="baselinefigure").count() == 2
    assert admin.post(f"/baselinefigures/{row.pk}/void/", {"reason": "录入错误"}).status_code == 302
    row.refresh_from_db()
    assert row.voided_at is not None


def _ledger(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([str(c.header) for c in BaselineFigureImport.columns])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_baseline_import_skips_rows_already_imported(world):
    spec = imports.get("baseline-figures")
    rows = [["331099000000", "2024", "事故起数", "16", "2024年统计年报"],
            ["331099000000", "2024", "生产安全事故死亡人数", "10", "2024年统计年报"],
            ["331099101000", "2024", "罚款", "3.5", "青石镇2024年工作总结"]]
    result = imports.run(spec, _ledger(rows), "基期.xlsx", world.users.admin)
    assert result.ok, result.errors
    assert BaselineFigure.objects.count() == 3
    again = imports.run(spec, _ledger([*rows, ["331099000000", "2023", "事故起数", "18", "2023年统计年报"]]), "基期.xlsx",
                        world.users.admin)
    assert again.ok, again.errors
    assert again.skipped == 3
    assert BaselineFigure.objects.count() == 4


@pytest.mark.parametrize(("row", "message"), [
    (["331099000000", "2024", "花絮", "1", "x"], "不是可选值"),
    (["331099000000", "2024", "事故起数", "1.5", "x"], "应为整数"),
    (["331099999000", "2024", "事故起数", "1", "x"], "不存在或不在您的管辖范围内"),
    (["331099000000", "1990", "事故起数", "1", "x"], "2000 至 2100"),
    (["331099000000", "2024", "事故起数", "1", ""], "数据来源"),
])
def test_a_bad_baseline_row_imports_nothing(world, row, message):
    spec = imports.get("baseline-figures")
    result = imports.run(spec, _ledger([["331099000000", "2024", "受伤人数", "2", "年报"], row]), "基期.xlsx",
                         world.users.admin)
    assert not result.ok and any(message in str(e) for e in result.errors), result.errors
    assert BaselineFigure.objects.count() == 0


# --- 事故统计分类 ---------------------------------------------------------------------------------------------------
def test_a_province_replaces_the_categories(world):
    r = world.regions
    for sector, deaths in ((Sector.CONSTRUCTION, 1), (Sector.HAZCHEM, 0), (Sector.MACHINERY, 1)):
        make_accident(world, r.township_a, occurred_at=at(2025, 5), sector=sector, deaths=deaths)
    report = annual_report(world.users.admin, r.county, 2025, today=TODAY)
    assert situation(report)[1] == ("其中，建筑施工1起、死亡1人；危险化学品1起；工贸1起、死亡1人。"
                                    "工矿商贸领域共发生事故3起，同比增加3起；死亡2人，同比增加2人。")
    # the province's own list: 工商贸 and 危化品 stated even without accidents, as 罗湖区 does
    for name, sectors, kind, order, none in (
            ("建设工程", ["construction"], "breakdown", 1, False),
            ("工商贸", ["machinery", "commerce"], "rollup", 2, True),
            ("危化品", ["hazchem"], "rollup", 3, True)):
        SectorCategory.objects.create(name=name, sectors=sectors, kind=kind, order=order, state_when_none=none,
                                      region=r.province, legal_basis="浙江省统计口径")
    report = annual_report(world.users.admin, r.county, 2025, today=TODAY)
    assert situation(report)[1] == ("其中，建设工程1起、死亡1人；其他行业领域2起、死亡1人。"
                                    "工商贸领域共发生事故1起，同比增加1起；死亡1人，同比增加1人。"
                                    "危化品领域共发生事故1起，同比增加1起；死亡0人，同比持平。")
    other = annual_report(world.users.admin, r.county, start=D(2025, 6, 1), end=D(2025, 6, 30), today=TODAY)
    assert "危化品领域" not in "".join(situation(other))  # no accident in June: the first sentence says so


def test_category_links_list_what_they_counted(world, client_for):
    r = world.regions
    make_accident(world, r.township_a, occurred_at=at(2025, 5), sector=Sector.MACHINERY, deaths=1)
    make_accident(world, r.township_a, occurred_at=at(2025, 5), sector=Sector.COMMERCE, deaths=0)
    make_accident(world, r.township_a, occurred_at=at(2025, 5), sector=Sector.ROAD_TRANSPORT, deaths=0)
    report = annual_report(world.users.admin, r.county, 2025, today=TODAY)
    trades = figure(report, "工贸事故起数")
    assert trades.value == 2 and "category=" in trades.link
    html = client_for(world.users.admin).get(trades.link).content.decode()
    assert html.count("/accidents/") >= 2 and "道路运输" not in html.split("<tbody")[-1]


def test_one_unit_for_one_thing_across_the_report(world):
    """Phrasing rule 6: every figure counting events (事故, 自然灾害) is in 起, never 次, whatever section states it."""
    from yingji.disaster.losses.choices import DisasterType
    from yingji.disaster.losses.testing import make_disaster_event
    from yingji.platform.core import phrasing

    r = world.regions
    make_accident(world, r.township_a, occurred_at=at(2025, 5), sector=Sector.MACHINERY, deaths=1)
    make_accident(world, r.township_a, occurred_at=at(2025, 5), sector=Sector.ROAD_TRANSPORT, deaths=0)
    make_disaster_event(world, r.county, name="6·18暴雨洪涝", started_at=at(2025, 6, 18))
    make_disaster_event(world, r.county, name="第5号台风", disaster_type=DisasterType.TYPHOON, started_at=at(2025, 9))
    report = annual_report(world.users.admin, r.county, 2025, today=TODAY)
    events = [f for f in report.figures if f.label.endswith(("起数", "次数"))
              and any(t in f.label for t in ("事故", "自然灾害", "暴雨", "台风"))]
    assert len(events) >= 6 and {f.unit for f in events} == {phrasing.unit_for("生产安全事故")}
    disasters = next(s for p in report.parts for s in p.sections if s.key == "disasters")
    assert disasters.paragraphs[0].text.startswith("全年全县共遭受自然灾害2起（暴雨洪涝1起、台风1起）")
