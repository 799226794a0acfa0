"""The annual report against a hand-built data set: figures, wording, .docx, .xlsx, CLI, preview, narrative, scope."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from yingji.analysis.reports import docx
from yingji.analysis.reports.context import build_context
from yingji.analysis.reports.engine import annual_report, build_report
from yingji.analysis.reports.models import ReportNarrative
from yingji.platform.audit.models import AuditEvent
from yingji.platform.core import documents
from yingji.platform.core import reports as registry
from yingji.platform.core.phrasing import chinese_numeral
from yingji.supervision.enterprises.choices import OperatingStatus, RiskGrade, Sector, SubSector
from yingji.supervision.enterprises.testing import make_enterprise, make_major_hazard_source

YEAR = 2025
COUNTY = "331099000000"


def at(year, month=6, day=1):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


@pytest.fixture
def data(world):
    """Enterprises and major hazard sources of county A (and some that must not be counted)."""
    r = world.regions
    e = {}
    e["chem1"] = make_enterprise(world, r.township_a, sector=Sector.HAZCHEM_USE, risk_grade=RiskGrade.A,
                                 created_at=at(2024))
    e["chem2"] = make_enterprise(world, r.village_a, sector=Sector.HAZCHEM_TRADE, created_at=at(2025, 3))
    e["trade"] = make_enterprise(world, r.township_a, sector=Sector.INDUSTRY_TRADE, subsector=SubSector.MACHINERY,
                                 risk_grade=RiskGrade.B, created_at=at(2025, 12, 31))
    e["build"] = make_enterprise(world, r.township_b, sector=Sector.CONSTRUCTION, created_at=at(2023))
    # not counted: voided, closed, entered after the year, in another county
    voided = make_enterprise(world, r.township_a, sector=Sector.HAZCHEM_USE, created_at=at(2024))
    voided.voided_at = timezone.now()
    voided.save()
    make_enterprise(world, r.township_b, sector=Sector.CONSTRUCTION, status=OperatingStatus.CLOSED,
                    created_at=at(2024))
    make_enterprise(world, r.township_b, sector=Sector.GAS, created_at=timezone.make_aware(
        datetime.datetime(2026, 1, 1, 0, 0)))
    make_enterprise(world, r.other_township, sector=Sector.HAZCHEM_USE, created_at=at(2024))
    make_major_hazard_source(world, None, enterprise=e["chem1"], level=1, created_at=at(2024))
    make_major_hazard_source(world, None, enterprise=e["chem1"], level=3, name="甲醇罐区", created_at=at(2025))
    make_major_hazard_source(world, None, enterprise=e["chem2"], level=3, name="汽油罐区", created_at=at(2025))
    make_major_hazard_source(world, None, enterprise=e["build"], level=2, name="液化气站", created_at=at(2024))
    make_major_hazard_source(world, None, enterprise=voided, level=2, name="作废企业罐区", created_at=at(2024))
    return e


def report_for(user, region, year=YEAR):
    return annual_report(user, region, year, today=datetime.date(2026, 11, 23))


def section(report, key):
    return next(s for part in report.parts for s in part.sections if s.key == key)


def figure(report, label):
    matches = [f for f in report.figures if f.label == label]
    assert len(matches) == 1, f"{label}: {[f.label for f in report.figures]}"
    return matches[0].value


def test_figures_and_wording_against_the_data_set(world, data):
    report = report_for(world.users.admin, world.regions.county)
    assert report.title == "安澜县应急管理局2025年工作总结"
    assert figure(report, "在册监管企业") == 4
    assert figure(report, "在册危险化学品企业") == 2
    assert figure(report, "在册工贸企业") == 1
    assert figure(report, "在册建筑施工企业") == 1
    assert figure(report, "A级风险企业") == 1
    assert figure(report, "B级风险企业") == 1
    assert figure(report, "在册重大危险源") == 4
    assert figure(report, "一级重大危险源") == 1
    assert figure(report, "二级重大危险源") == 1
    assert figure(report, "三级重大危险源") == 2
    text = "".join(p.text for p in section(report, "enterprises").paragraphs)
    assert text.startswith("截至2025年底，全县纳入安全监管并建立“一企一档”的企业（单位）共4家，其中危险化学品企业2家、"
                           "工贸企业1家、建筑施工企业1家；按安全风险分级，A级1家、B级1家。")
    assert "登记在册重大危险源4处，其中一级重大危险源1处、二级重大危险源1处、三级重大危险源2处。" in text


def test_every_figure_carries_a_link_and_its_section(world, data):
    report = report_for(world.users.admin, world.regions.county)
    assert report.figures
    for f in report.figures:
        assert f.link and f.link.startswith("/"), f.label
        assert f.section


def test_a_section_without_records_says_so(world):
    report = report_for(world.users.admin, world.regions.county)
    text = "".join(p.text for p in section(report, "enterprises").paragraphs)
    assert text == "截至2025年底，全县尚未在平台建立纳入安全监管的企业档案。"


def test_the_current_year_is_reported_up_to_today_against_the_same_period(world):
    ctx = build_context(world.users.admin, world.regions.county, 2024, today=datetime.date(2024, 11, 30))
    assert (ctx.start, ctx.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 11, 30))
    assert (ctx.previous_start, ctx.previous_end) == (datetime.date(2023, 1, 1), datetime.date(2023, 11, 30))
    assert ctx.period_text == "今年以来（截至11月30日）" and ctx.partial
    leap = build_context(world.users.admin, world.regions.county, 2024, today=datetime.date(2024, 2, 29))
    assert leap.previous_end == datetime.date(2023, 2, 28)


def test_headings_are_numbered_like_an_official_document(world, data):
    ReportNarrative.objects.create(region=world.regions.county, year=YEAR, section="party",
                                   text="一是强化理论学习。\n二是加强党风廉政建设。")
    ReportNarrative.objects.create(region=world.regions.county, year=YEAR, section="plan",
                                   text="（一）进一步健全应急组织体系。")
    ReportNarrative.objects.create(region=world.regions.county, year=YEAR, section="intro",
                                   text="今年以来，全局上下……现将全年工作情况总结如下：")
    report = report_for(world.users.admin, world.regions.county)
    assert (report.parts[0].key, report.parts[0].number) == ("opening", "")
    numbers = [p.number for p in report.parts if p.number]
    assert numbers == [f"{n}、" for n in "一二三四五六七八九十"[:len(numbers)]]
    work = next(p for p in report.parts if p.key == "work")
    assert [s.number for s in work.sections] == [f"（{chinese_numeral(i)}）" for i in range(1, len(work.sections) + 1)]
    assert work.sections[0].key == "party"
    plan = next(p for p in report.parts if p.key == "plan")
    assert plan.title == "2026年工作打算"
    # no 存在的问题 written: the part is left out of the document and listed as missing in the preview
    assert "problems" not in [p.key for p in report.parts]
    assert "problems" in [s.key for s in report.missing_narratives]


def test_docx_figures_read_back(world, data):
    report = report_for(world.users.admin, world.regions.county)
    content = docx.write_docx(report)
    text = docx.docx_text(content)
    lines = text.splitlines()
    assert lines[0] == "安澜县应急管理局2025年工作总结"
    assert "共4家" in text and "三级重大危险源2处" in text
    # every figure of the report is in the document as the preview shows it
    body = text.replace("\n", "")
    for p in report.paragraphs():
        assert p.text in body
    headings = [line for line in lines if re.match(r"^[一二三四五六七八九十]+、", line)]
    assert headings and headings[0].startswith("一、")
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(content))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28
    title = doc.paragraphs[0]
    assert title.style.name == "公文标题" and title.style.font.size.pt == 22
    assert title.style.element.rPr.rFonts.get(qn("w:eastAsia")) == documents.font_for("title")
    body_para = next(p for p in doc.paragraphs if "共4家" in p.text)
    assert body_para.style.font.size.pt == 16
    assert body_para.style.element.rPr.rFonts.get(qn("w:eastAsia")) == documents.font_for("body")
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    assert heading.style.element.rPr.rFonts.get(qn("w:eastAsia")) == documents.font_for("heading1")
    # the signature block closes the report: the organisation, the date in Chinese numerals, the seal's place
    assert lines[-3:] == [report.organisation, documents.chinese_date(timezone.localdate()), "（印章）"]


def test_narrative_is_merged_each_time_and_figures_regenerate(world, data, client_for):
    client = client_for(world.users.admin)
    response = client.post("/reportnarratives/add/", {
        "region": world.regions.county.pk, "year": YEAR, "section": "problems",
        "text": "一是企业主体责任还需进一步夯实。\n\n二是基层应急能力还需进一步提高。"})
    assert response.status_code == 302, response.content.decode()[:2000]
    narrative = ReportNarrative.objects.get()
    first = report_for(world.users.admin, world.regions.county)
    problems = section(first, "problems")
    assert [p.text for p in problems.paragraphs] == ["一是企业主体责任还需进一步夯实。", "二是基层应急能力还需进一步提高。"]
    assert all(p.narrative for p in problems.paragraphs)
    # a record changes: the figure follows, the text stays
    make_enterprise(world, world.regions.township_b, sector=Sector.GAS, created_at=at(2025))
    second = report_for(world.users.admin, world.regions.county)
    assert figure(second, "在册监管企业") == 5
    assert [p.text for p in section(second, "problems").paragraphs] == [p.text for p in problems.paragraphs]
    # the text is edited: the next report has the new text
    response = client.post(f"/reportnarratives/{narrative.pk}/edit/", {
        "region": world.regions.county.pk, "year": YEAR, "section": "problems", "text": "一是宣传教育覆盖面不够。"})
    assert response.status_code == 302
    third = report_for(world.users.admin, world.regions.county)
    assert [p.text for p in section(third, "problems").paragraphs] == ["一是宣传教育覆盖面不够。"]
    # a second text for the same section is refused in Chinese
    response = client.post("/reportnarratives/add/", {
        "region": world.regions.county.pk, "year": YEAR, "section": "problems", "text": "重复"})
    assert response.status_code == 400
    assert "已有文字" in response.content.decode()
    # voided: it leaves the report
    client.post(f"/reportnarratives/{narrative.pk}/void/", {"reason": "重写"})
    fourth = report_for(world.users.admin, world.regions.county)
    assert "problems" not in [s.key for p in fourth.parts for s in p.sections]


def test_narrative_of_an_unknown_section_is_refused(world, client_for):
    response = client_for(world.users.admin).post("/reportnarratives/add/", {
        "region": world.regions.county.pk, "year": YEAR, "section": "nonsense", "text": "x"})
    assert response.status_code == 400
    assert not ReportNarrative.objects.exists()


def test_township_user_report_covers_only_his_township(world, data, client_for):
    report = report_for(world.users.township_a, world.regions.township_a)
    assert report.title == "青石镇应急办2025年工作总结"
    assert figure(report, "在册监管企业") == 3
    assert figure(report, "在册重大危险源") == 3
    assert "全镇" in section(report, "enterprises").paragraphs[0].text
    client = client_for(world.users.township_a)
    page = client.get("/reports/annual/", {"year": YEAR})
    assert page.status_code == 200 and "青石镇应急办2025年工作总结" in page.content.decode()
    assert client.get("/reports/annual/", {"region": COUNTY, "year": YEAR}).status_code == 404
    assert client.get("/reports/annual/docx/", {"region": world.regions.township_b.code, "year": YEAR}) \
        .status_code == 404
    outsider = client_for(world.users.outsider)
    assert outsider.get("/reports/annual/", {"region": COUNTY, "year": YEAR}).status_code == 404
    assert outsider.get("/reports/annual/xlsx/", {"region": COUNTY, "year": YEAR}).status_code == 404


def test_preview_links_every_figure_to_its_query(world, data, client_for):
    client = client_for(world.users.admin)
    response = client.get("/reports/annual/", {"region": COUNTY, "year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    links = re.findall(r'<a class="yj-figure" href="([^"]+)"', html)
    report = report_for(world.users.admin, world.regions.county)
    assert len(links) == len(report.figures)
    for link in set(links):
        target = client.get(link.replace("&amp;", "&"))
        assert target.status_code == 200, link
    # the link of 在册重大危险源 lists exactly the counted records
    link = next(f.link for f in report.figures if f.label == "一级重大危险源")
    assert "level=1" in link
    assert "安澜县应急管理局2025年工作总结" in html
    assert "/reports/annual/docx/?region=331099000000&amp;year=2025" in html


def test_bad_year_in_the_page(world, client_for):
    response = client_for(world.users.admin).get("/reports/annual/", {"region": COUNTY, "year": "1999"})
    assert response.status_code == 400
    assert "年份应在" in response.content.decode()


def test_downloads_are_audited(world, data, client_for):
    client = client_for(world.users.leader)
    response = client.get("/reports/annual/docx/", {"region": COUNTY, "year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "共4家" in docx.docx_text(response.content)
    response = client.get("/reports/annual/xlsx/", {"region": COUNTY, "year": YEAR})
    assert response.status_code == 200
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD, user=world.users.leader)
    assert sorted(e.detail["format"] for e in events) == ["docx", "xlsx"]
    assert all(e.detail["region"] == COUNTY and e.detail["year"] == YEAR for e in events)


def test_appendix_lists_every_figure_with_its_query(world, data):
    from yingji.analysis.reports import appendix

    report = report_for(world.users.admin, world.regions.county)
    wb = load_workbook(io.BytesIO(appendix.write_xlsx(report, base_url="http://yj.example")))
    ws = wb["数据附表"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == appendix.HEADERS
    assert len(rows) - 1 == len(report.figures)
    row = next(r for r in rows if r[2] == "在册监管企业")
    assert row[3] == 4 and row[4] == "家" and row[7].startswith("http://yj.example/")


def test_cli_writes_the_report(world, data, tmp_path):
    out = tmp_path / "report.docx"
    xlsx = tmp_path / "appendix.xlsx"
    stdout = io.StringIO()
    call_command("report", "annual", "--region", COUNTY, "--year", str(YEAR), "--out", str(out), "--xlsx",
                 str(xlsx), "--base-url", "https://yj.example/", stdout=stdout)
    assert "安澜县应急管理局2025年工作总结" in stdout.getvalue()
    text = docx.docx_text(out.read_bytes())
    assert "共4家" in text
    rows = list(load_workbook(xlsx)["数据附表"].iter_rows(values_only=True))
    assert len(rows) > 1 and all(r[7].startswith("https://yj.example/") for r in rows[1:])
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert event.detail["source"] == "command" and event.username == "system"


def test_cli_writes_the_report_of_a_quarter(world, data, tmp_path):
    out = tmp_path / "q3.docx"
    stdout = io.StringIO()
    call_command("report", "annual", "--region", COUNTY, "--start", f"{YEAR}-07-01", "--end", f"{YEAR}-09-30",
                 "--out", str(out), stdout=stdout)
    assert f"安澜县应急管理局{YEAR}年7—9月工作总结" in stdout.getvalue()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert (event.detail["start"], event.detail["end"]) == (f"{YEAR}-07-01", f"{YEAR}-09-30")


def test_cli_as_a_user_keeps_his_scope(world, data, tmp_path):
    out = tmp_path / "r.docx"
    call_command("report", "annual", "--region", world.regions.township_a.code, "--year", str(YEAR), "--out",
                 str(out), "--user", "township_a", stdout=io.StringIO())
    assert "共3家" in docx.docx_text(out.read_bytes())
    with pytest.raises(CommandError, match="不在用户“township_a”的管辖范围内"):
        call_command("report", "annual", "--region", COUNTY, "--year", str(YEAR), "--out", str(out), "--user",
                     "township_a")


@pytest.mark.parametrize("args,message", [
    (["--region", "999999999999", "--year", "2025"], "行政区划代码“999999999999”不存在"),
    (["--region", "abc", "--year", "2025"], "行政区划代码“abc”不存在"),
    (["--region", COUNTY, "--year", "1999"], "年份应在 2000 至"),
    (["--region", COUNTY, "--year", "二〇二三"], "年份应为四位数字"),
    (["--region", COUNTY, "--year", "2025", "--user", "ghost"], "用户“ghost”不存在"),
    (["--region", COUNTY], "请填写 --year"),
    (["--region", COUNTY, "--start", "2025-07-01"], "请同时填写开始日期和结束日期"),
    (["--region", COUNTY, "--start", "2024-07-01", "--end", "2025-06-30"], "报告时段应在同一年度内"),
])
def test_cli_bad_input_is_a_clear_chinese_error(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "annual", *args, "--out", str(tmp_path / "r.docx"))
    assert not (tmp_path / "r.docx").exists()


def test_platform_section_counts_the_audit_trail(world, data):
    report = annual_report(world.users.admin, world.regions.county, timezone.localdate().year)
    platform = section(report, "platform")
    assert platform.paragraphs[0].text.startswith(("全年依托应急管理综合平台新增业务记录",
                                                   "今年以来依托应急管理综合平台新增业务记录"))
    # the 7 enterprises of county A and their 5 major hazard sources were created today (their audit rows are of
    # today, whatever their created_at); a hazard source's audit row carries its enterprise's region
    assert figure(report, "平台新增业务记录") == 7 + 5
    # a leader cannot read the audit trail: no section rather than a false zero
    report = annual_report(world.users.leader, world.regions.county, timezone.localdate().year)
    assert "platform" not in [s.key for p in report.parts for s in p.sections]


def test_a_module_adds_a_section_without_touching_the_engine(world):
    def build(ctx):
        return [registry.P(f"{ctx.whole_text}开展测试", registry.Figure(3, "次", "测试次数", "/t/"), "。",
                           title="测试工作")]

    registry.register_section("zz_test", "测试工作", 99, "二、主要工作", build)
    try:
        report = build_report(build_context(world.users.admin, world.regions.county, YEAR))
        s = section(report, "zz_test")
        assert s.paragraphs[0].text == "全年开展测试3次。"
        assert s.paragraphs[0].number == "1."
        assert "全年开展测试3次。" in docx.docx_text(docx.write_docx(report))
    finally:
        registry._sections.pop("zz_test")


def test_an_industry_department_report_is_its_own(world, data):
    # the sample enterprises are supervised by the bureau: the housing department sees none of them
    report = report_for(world.users.department, world.regions.county)
    assert report.title == "县住建局2025年工作总结"
    assert section(report, "enterprises").paragraphs[0].text == "截至2025年底，全县尚未在平台建立纳入安全监管的企业档案。"

