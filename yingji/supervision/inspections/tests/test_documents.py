"""现场检查记录, 责令限期整改指令书 and 督导通报 rendered from their templates: layout, fonts, title, 文号, signature date;
refused without the 文号 (nothing downloaded, nothing audited); the bureau's copy of a template used when present."""

import datetime
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from yingji.platform.audit.models import AuditEvent
from yingji.platform.core import documents
from yingji.platform.core.documents import TemplateBuilder
from yingji.supervision.inspections.testing import make_inspection, make_notice, make_visit

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 9)


def _font(paragraph):
    return paragraph.style.element.rPr.rFonts.get(qn("w:eastAsia"))


def _paragraphs(content):
    doc = Document(io.BytesIO(content))
    return doc, [p for p in doc.paragraphs if p.text]


@pytest.mark.parametrize(("url", "title"), [("record.docx", "现场检查记录"), ("order.docx", "责令限期整改指令书")])
def test_inspection_documents(world, client_for, url, title):
    inspection = make_inspection(world, world.regions.township_a, inspected_on=DAY,
                                 rectify_deadline=datetime.date(2026, 4, 8), document_no="安澜应急检〔2026〕12号")
    response = client_for(world.users.inspector).get(f"/inspections/{inspection.pk}/{url}")
    assert response.status_code == 200
    doc, paragraphs = _paragraphs(response.content)
    assert [round(doc.sections[0].top_margin.mm), round(doc.sections[0].left_margin.mm)] == [37, 28]
    heading, number = paragraphs[1], paragraphs[2]
    assert heading.text == title and heading.style.name == "公文标题" and heading.style.font.size.pt == 22
    assert _font(heading) == documents.font_for("title")
    assert number.text == "安澜应急检〔2026〕12号" and number.style.name == "发文字号"
    body = [p for p in paragraphs if p.style.name == "Normal"]
    assert body and all(_font(p) == documents.font_for("body") and p.style.font.size.pt == 16 for p in body)
    assert [p.text for p in paragraphs if p.style.name == "成文日期"] == ["二〇二六年三月九日"]
    text = "\n".join(p.text for p in paragraphs)
    assert "{{" not in text and "{%" not in text
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert event.detail["document"] == title and event.detail["number"] == "安澜应急检〔2026〕12号"


@pytest.mark.parametrize("url", ["record.docx", "order.docx"])
def test_inspection_documents_need_the_number(world, client_for, url):
    inspection = make_inspection(world, world.regions.township_a, document_no="")
    response = client_for(world.users.inspector).get(f"/inspections/{inspection.pk}/{url}", follow=True)
    assert response.redirect_chain[-1][0] == inspection.get_absolute_url()
    assert "尚无文书编号（文号），请先填写文号再出具" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


def test_notice_needs_its_number(world, client_for):
    notice = make_notice(world, world.regions.county, document_no="  ")
    response = client_for(world.users.leader).get(f"/supervisionnotices/{notice.pk}/notice.docx", follow=True)
    assert f"《{notice.title}》尚无文书编号（文号）" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


def test_notice_lists_its_visits_in_a_table(world, client_for):
    visit = make_visit(world, world.regions.township_a, organisation=world.orgs.office_a,
                       visited_on=datetime.date(2026, 5, 12), findings="台账不全", requirements="十日内补齐")
    notice = make_notice(world, world.regions.county, visits=[visit], document_no="安澜安委办〔2026〕8号",
                         issued_on=datetime.date(2026, 5, 20))
    doc, paragraphs = _paragraphs(client_for(world.users.leader).get(
        f"/supervisionnotices/{notice.pk}/notice.docx").content)
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == [
        ["督导日期", "被督导单位", "发现的问题", "整改要求"], ["2026年5月12日", world.orgs.office_a.name, "台账不全", "十日内补齐"]]
    assert [p.text for p in paragraphs if p.style.name == "成文日期"] == ["二〇二六年五月二十日"]


def test_the_bureau_order_template_is_used(world, client_for, settings, tmp_path):
    settings.YINGJI_DOC_TEMPLATES_DIR = tmp_path
    own = TemplateBuilder("责令限期整改指令书")
    own.head(organisation="安澜县应急管理局")
    own.paragraph("{{ enterprise.name }}：请于{{ deadline }}前完成{{ order_lines | length }}项整改。")
    own.signature(date="{{ date }}")
    (tmp_path / "inspections").mkdir()
    (tmp_path / "inspections" / "order.docx").write_bytes(own.content())
    inspection = make_inspection(world, world.regions.township_a, inspected_on=DAY,
                                 rectify_deadline=datetime.date(2026, 4, 8), document_no="安澜应急检〔2026〕12号")
    _doc, paragraphs = _paragraphs(client_for(world.users.inspector).get(f"/inspections/{inspection.pk}/order.docx")
                                   .content)
    texts = [p.text for p in paragraphs]
    assert texts[0] == "安澜县应急管理局"
    assert f"{inspection.enterprise.name}：请于2026年4月8日前完成2项整改。" in texts and "2026年3月9日" in texts
    # the record keeps the shipped template
    _doc, paragraphs = _paragraphs(client_for(world.users.inspector).get(
        f"/inspections/{inspection.pk}/record.docx").content)
    assert paragraphs[1].text == "现场检查记录"


def test_the_detail_page_offers_the_documents_once_numbered(world, client_for):
    client = client_for(world.users.inspector)
    inspection = make_inspection(world, world.regions.township_a, document_no="")
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "填写文书编号（文号）后，可出具" in page and f"/inspections/{inspection.pk}/order.docx" not in page
    inspection.document_no = "安澜应急检〔2026〕12号"
    inspection.save()
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert f"/inspections/{inspection.pk}/order.docx" in page and f"/inspections/{inspection.pk}/record.docx" in page
