"""行政处罚决定书: rendered from its template (the bureau's copy when there is one), GB/T 9704 layout, issued only with
its 文号."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from docx.oxml.ns import qn

from yingji.platform.audit.models import AuditEvent
from yingji.platform.core import documents
from yingji.platform.core.documents import TemplateBuilder
from yingji.supervision.enforcement import documents as enforcement_documents
from yingji.supervision.enforcement.choices import Step
from yingji.supervision.enforcement.testing import make_case, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    return walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=datetime.date(2026, 3, 2),
                fine="50000")


def _east_asia(style):
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_decision_is_laid_out_as_an_official_document(world, client_for, case):
    response = client_for(world.users.inspector).get(f"/enforcementcases/{case.pk}/decision.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579" and grid.get(qn("w:type")) == "linesAndChars"
    paragraphs = [p for p in doc.paragraphs if p.text]
    organisation, title, number = paragraphs[:3]
    assert organisation.text == case.department.name and title.text == "行政处罚决定书"
    assert title.style.name == "公文标题" and title.style.font.size.pt == 22
    assert _east_asia(title.style) == documents.font_for("title")
    assert number.style.name == "发文字号" and number.text == case.number
    body = next(p for p in paragraphs if p.text.startswith("被处罚单位："))
    assert body.style.name == "Normal" and body.style.font.size.pt == 16
    assert _east_asia(body.style) == documents.font_for("body")
    text = "\n".join(p.text for p in paragraphs)
    assert case.enterprise.name in text and "对" in text and "人民币50,000.00元" in text
    assert "行政复议" in text and "《中华人民共和国安全生产法》第四十条第一款" in text
    # the signature block: 落款, the date in Chinese numerals, the seal's place; no Jinja tag is left
    signature = [p for p in paragraphs if p.style.name in ("落款", "成文日期", "印章")]
    assert [p.text for p in signature] == [case.department.name, documents.chinese_date(case.decided_on), "（印章）"]
    assert "{{" not in text and "{%" not in text
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert event.detail["number"] == case.number


def test_no_decision_without_its_number(world, client_for, case):
    case.number = None
    with pytest.raises(ValidationError) as refused:
        enforcement_documents.decision_document(case)
    assert "文号" in refused.value.messages[0]
    type(case).objects.filter(pk=case.pk).update(number=None)
    client = client_for(world.users.inspector)
    response = client.get(f"/enforcementcases/{case.pk}/decision.docx", follow=True)
    assert response.redirect_chain and "尚无文书编号（文号）" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


def test_no_decision_before_the_case_is_decided(world, case):
    undecided = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY)
    with pytest.raises(ValidationError, match="尚未作出处罚决定"):
        enforcement_documents.decision_document(undecided)


def test_the_bureau_template_is_used_when_present(world, settings, tmp_path, case):
    settings.YINGJI_DOC_TEMPLATES_DIR = tmp_path
    own = TemplateBuilder("行政处罚决定书")
    own.head(organisation="{{ organisation }}（本局格式）")
    own.paragraph("当事人：{{ enterprise.name }}；{{ penalties | join('；') }}")
    own.signature(date="{{ date }}")
    (tmp_path / "enforcement").mkdir()
    (tmp_path / "enforcement" / "decision.docx").write_bytes(own.content())
    text = [p.text for p in Document(io.BytesIO(enforcement_documents.decision_document(case))).paragraphs]
    assert text[0] == f"{case.department.name}（本局格式）" and case.number in text
    assert f"当事人：{case.enterprise.name}；对{case.enterprise.name}罚款人民币50,000.00元" in text
    assert f"{case.decided_on.year}年{case.decided_on.month}月{case.decided_on.day}日" in text


def test_a_broken_bureau_template_is_a_chinese_error(settings, tmp_path, case):
    settings.YINGJI_DOC_TEMPLATES_DIR = tmp_path
    own = TemplateBuilder("行政处罚决定书")
    own.paragraph("{{ no_such_field }}")
    (tmp_path / "enforcement").mkdir()
    (tmp_path / "enforcement" / "decision.docx").write_bytes(own.content())
    with pytest.raises(ValidationError, match="文书模板 decision.docx 有误"):
        enforcement_documents.decision_document(case)
