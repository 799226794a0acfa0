"""The report as a Word document laid out as a Chinese official document (公文, GB/T 9704-2012), rendered from the
template doc_templates/annual.docx (the bureau's copy in YINGJI_DOC_TEMPLATES_DIR/reports/annual.docx if it has one)
by the platform's document helper, which also picks the fonts (yingji/platform/core/documents.py, docs/reports.md).
"""

import io

from docx import Document

from yingji.platform.core import documents


def report_context(report, *, on=None):
    """The fields of the annual report template: title, organisation, parts → sections → paragraphs, the date."""
    on = on or documents.today()
    parts = []
    for part in report.parts:
        sections = []
        for s in part.sections:
            paragraphs = []
            for para in s.paragraphs:
                lead = ""
                if para.title:
                    lead = f"{para.number}{para.title if para.title.endswith(('。', '：')) else para.title + '。'}"
                paragraphs.append({"lead": lead, "text": para.text})
            sections.append({"heading": f"{s.number}{s.title}" if s.number else "", "paragraphs": paragraphs})
        parts.append({"heading": f"{part.number}{part.title}" if part.number else "", "sections": sections})
    return {"title": report.title, "organisation": report.organisation, "parts": parts,
            "date": documents.arabic_date(on), "date_cn": documents.chinese_date(on)}


def write_docx(report):
    """The report as .docx bytes."""
    return documents.render("reports", "annual", report_context(report))


def docx_text(content):
    """The paragraphs of a .docx (bytes) as text, one per line: for tests and checks."""
    doc = Document(io.BytesIO(content))
    return "\n".join(p.text for p in doc.paragraphs)
