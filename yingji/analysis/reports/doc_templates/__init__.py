"""Builder of the annual report's template shipped in this folder (`yingji doctemplates build` writes the .docx).

annual.docx — 年度工作总结: the title, then each part (一、 heading in 黑体), its sections (（一） heading in 楷体) and
their generated paragraphs (a bold 1. lead, then the text), and the signature block. Filled by reports/docx.py;
the fields a bureau's own copy may use are listed in docs/reports.md.
"""

from yingji.platform.core.documents import TemplateBuilder


def annual():
    b = TemplateBuilder("年度工作总结")
    b.head(organisation="", number=False)
    b.tag("for part in parts")
    b.tag("if part.heading")
    b.paragraph("{{ part.heading }}", style="一级标题")
    b.tag("endif")
    b.tag("for section in part.sections")
    b.tag("if section.heading")
    b.paragraph("{{ section.heading }}", style="二级标题")
    b.tag("endif")
    b.tag("for paragraph in section.paragraphs")
    b.paragraph(("{{ paragraph.lead }}", {"bold": True}), "{{ paragraph.text }}")
    b.tag("endfor")
    b.tag("endfor")
    b.tag("endfor")
    b.signature()
    return b


TEMPLATES = {"annual": annual}
