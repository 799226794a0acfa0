"""The document helper: fonts and their fallback, dates, template lookup (bureau first), the 文号 check, a sandboxed
render, and shipped templates that match their builders."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from docx import Document
from docx.oxml.ns import qn

from yingji.platform.core import documents
from yingji.platform.core.documents import TemplateBuilder


def _template(tmp_path, build, name="t.docx"):
    path = tmp_path / name
    path.write_bytes(build.content())
    return path


def test_fonts_fall_back_to_installed_ones(settings, monkeypatch):
    monkeypatch.setattr(documents, "installed_fonts", lambda: frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC"}))
    assert documents.font_for("title") == "Noto Serif CJK SC"
    assert documents.font_for("heading1") == "Noto Sans CJK SC"
    monkeypatch.setattr(documents, "installed_fonts", lambda: frozenset({"仿宋_GB2312", "仿宋", "SimSun"}))
    assert documents.font_for("body") == "仿宋_GB2312"
    assert documents.font_for("title") == "SimSun"
    monkeypatch.setattr(documents, "installed_fonts", lambda: frozenset())
    assert documents.font_for("title") == "方正小标宋简体"  # Word substitutes on the reader's machine
    settings.YINGJI_DOC_FONTS = {"body": "宋体"}
    assert documents.font_for("body") == "宋体"


def test_rendered_fonts_follow_the_fallback_and_a_fallback_title_is_bold(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(documents, "installed_fonts", lambda: frozenset())
    settings.YINGJI_DOC_FONTS = {"title": "宋体", "body": "仿宋"}
    b = TemplateBuilder("测试")
    b.head(organisation="", number=False)
    b.paragraph("正文")
    run = b.paragraph("本局自选字体").runs[0]
    run.font.name = "楷体"  # a font the bureau chose itself is left alone
    doc = Document(io.BytesIO(documents.render_template(_template(tmp_path, b), {"title": "标题"})))
    title_style = doc.styles["公文标题"]
    assert title_style.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体" and title_style.font.bold
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert doc.styles["一级标题"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert doc.paragraphs[-1].runs[0].font.name == "楷体"
    settings.YINGJI_DOC_FONTS = {}
    doc = Document(io.BytesIO(documents.render_template(_template(tmp_path, b), {"title": "标题"})))
    assert doc.styles["公文标题"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert not doc.styles["公文标题"].font.bold


@pytest.mark.parametrize(("day", "text"), [
    (datetime.date(2026, 12, 4), "二〇二六年十二月四日"),
    (datetime.date(2030, 1, 10), "二〇三〇年一月十日"),
    (datetime.date(2025, 11, 21), "二〇二五年十一月二十一日"),
    (datetime.date(2024, 10, 31), "二〇二四年十月三十一日"),
])
def test_chinese_date(day, text):
    assert documents.chinese_date(day) == text


def test_dates_and_lines():
    assert documents.arabic_date(datetime.date(2026, 3, 9)) == "2026年3月9日"
    assert documents.chinese_date(None) == documents.arabic_date(None) == ""
    assert documents.lines(" 一是……\n\n  二是……  \n") == ["一是……", "二是……"]


def test_page_layout_follows_gbt_9704(tmp_path):
    doc = Document(io.BytesIO(TemplateBuilder("测试").content()))
    section = doc.sections[0]
    assert [round(getattr(section, f).mm) for f in ("page_width", "page_height", "top_margin", "bottom_margin",
                                                    "left_margin", "right_margin")] == [210, 297, 37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    # 22 lines of 28 characters in the 156 × 225 mm text area
    assert round(225 / (int(grid.get(qn("w:linePitch"))) / 1440 * 25.4)) == 22
    assert round(156 / ((16 + int(grid.get(qn("w:charSpace"))) / 4096) * 25.4 / 72)) == 28
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16 and normal.paragraph_format.first_line_indent.pt == 32
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    title = doc.styles["公文标题"]
    assert title.font.size.pt == 22 and title.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert "PAGE" in section.footer._element.xml


def test_the_bureau_template_comes_first(tmp_path, settings):
    settings.YINGJI_DOC_TEMPLATES_DIR = tmp_path / "bureau"
    shipped = documents.shipped_path("core", "notice")
    assert documents.template_path("core", "notice") == shipped
    own = documents.override_path("core", "notice")
    own.parent.mkdir(parents=True)
    b = TemplateBuilder("通知")
    b.paragraph("本局格式：{{ text }}")
    own.write_bytes(b.content())
    assert documents.template_path("core", "notice") == own
    doc = Document(io.BytesIO(documents.render("core", "notice", {"text": "A&B <甲>"})))
    assert [p.text for p in doc.paragraphs] == ["本局格式：A&B <甲>"]  # escaped into the XML, read back as typed


def test_issue_needs_the_number(tmp_path, settings):
    settings.YINGJI_DOC_TEMPLATES_DIR = tmp_path
    (tmp_path / "core").mkdir()
    b = TemplateBuilder("通知")
    b.head()
    (tmp_path / "core" / "notice.docx").write_bytes(b.content())
    for number in (None, "", "   "):
        with pytest.raises(ValidationError, match="《通知》尚无文书编号（文号），请先填写文号再出具"):
            documents.issue("core", "notice", {"organisation": "安澜县应急管理局"}, number=number, title="通知")
    doc = Document(io.BytesIO(documents.issue("core", "notice", {"organisation": "安澜县应急管理局"},
                                              number="安应急〔2026〕3号", title="通知")))
    assert [p.text for p in doc.paragraphs if p.text] == ["安澜县应急管理局", "通知", "安应急〔2026〕3号"]


def test_a_template_runs_no_code(tmp_path):
    b = TemplateBuilder("通知")
    b.paragraph("{{ thing.__class__.__mro__ }}")
    with pytest.raises(ValidationError, match="文书模板 t.docx 有误"):
        documents.render_template(_template(tmp_path, b), {"thing": "x"})


def test_loops_over_paragraphs_and_table_rows(tmp_path):
    b = TemplateBuilder("通报")
    b.tag("for line in lines")
    b.paragraph(("{{ loop.index }}. ", {"bold": True}), "{{ line }}")
    b.tag("endfor")
    b.table(("序号", "单位"), ("{{ row.n }}", "{{ row.name }}"), loop="row in rows")
    content = documents.render_template(_template(tmp_path, b), {
        "lines": ["第一段", "第二段"], "rows": [{"n": 1, "name": "甲"}, {"n": 2, "name": "乙"}]})
    doc = Document(io.BytesIO(content))
    assert [p.text for p in doc.paragraphs] == ["1. 第一段", "2. 第二段"]
    assert doc.paragraphs[0].runs[0].bold and not doc.paragraphs[0].runs[1].bold
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows] == [["序号", "单位"], ["1", "甲"], ["2", "乙"]]


def test_shipped_templates_match_their_builders(tmp_path):
    call_command("doctemplates", "build", "--check")
    found = {(app, name): title for app, name, title in documents.shipped_templates()}
    assert set(found) == {(app, name) for app, name, _build in documents.template_builders()}
    assert len(found) >= 5 and all(found.values())


def test_a_changed_template_fails_the_check(monkeypatch):
    app, name, build = documents.template_builders()[0]
    changed = build()
    changed.paragraph("多出的一段")
    monkeypatch.setattr(documents, "template_builders", lambda: [(app, name, lambda: changed)])
    with pytest.raises(CommandError, match=f"{name}.docx"):
        call_command("doctemplates", "build", "--check")


@pytest.mark.django_db
def test_a_bureau_installs_and_reverts_its_template_audited(world, tmp_path, settings):
    from yingji.platform.audit.models import AuditEvent

    settings.YINGJI_DOC_TEMPLATES_DIR = tmp_path / "bureau"
    app, name, _title = documents.shipped_templates()[0]
    exported = tmp_path / "export.docx"
    call_command("doctemplates", "export", f"{app}/{name}", str(exported))
    assert exported.read_bytes() == documents.shipped_path(app, name).read_bytes()
    restyled = TemplateBuilder("本局格式")
    restyled.paragraph("{{ title }}（本局）")
    (tmp_path / "own.docx").write_bytes(restyled.content())
    call_command("doctemplates", "install", f"{app}/{name}", str(tmp_path / "own.docx"), "--user", "admin")
    assert documents.template_path(app, name) == documents.override_path(app, name)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.IMPORT)
    assert event.user == world.users.admin and event.detail["document_template"] == f"{app}/{name}"
    # a second version archives the first; reverting archives the second: nothing is deleted
    call_command("doctemplates", "install", f"{app}/{name}", str(tmp_path / "own.docx"), "--user", "admin")
    call_command("doctemplates", "revert", f"{app}/{name}", "--user", "admin")
    assert documents.template_path(app, name) == documents.shipped_path(app, name)
    assert len(list((documents.override_path(app, name).parent / "archive").glob(f"{name}.*.docx"))) == 2
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.IMPORT).count() == 3


@pytest.mark.django_db
def test_a_bad_bureau_template_is_refused_in_chinese(world, tmp_path, settings):
    settings.YINGJI_DOC_TEMPLATES_DIR = tmp_path / "bureau"
    app, name, _title = documents.shipped_templates()[0]
    (tmp_path / "x.docx").write_bytes(b"not a word file")
    with pytest.raises(CommandError, match="不是有效的 Word 文档"):
        call_command("doctemplates", "install", f"{app}/{name}", str(tmp_path / "x.docx"), "--user", "admin")
    broken = TemplateBuilder("坏模板")
    broken.paragraph("{% for x in %}")
    (tmp_path / "broken.docx").write_bytes(broken.content())
    with pytest.raises(CommandError, match="模板中的标记有误"):
        call_command("doctemplates", "install", f"{app}/{name}", str(tmp_path / "broken.docx"), "--user", "admin")
    with pytest.raises(CommandError, match="没有名为 nosuch/x 的文书模板"):
        call_command("doctemplates", "install", "nosuch/x", str(tmp_path / "broken.docx"), "--user", "admin")
    with pytest.raises(CommandError, match="没有本局模板"):
        call_command("doctemplates", "revert", f"{app}/{name}", "--user", "admin")
    assert not documents.override_path(app, name).exists()
