"""Official documents filled from an inspection record, as .docx (python-docx): 现场检查记录, 责令限期整改指令书."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "宋体"
TITLE_FONT = "方正小标宋简体"


def _new_document():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return doc


def _title(doc, issuer, title, number):
    for text, size in ((issuer, 16), (title, 22)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        run.font.name = TITLE_FONT
        run._element.rPr.rFonts.set(qn("w:eastAsia"), TITLE_FONT)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.add_run(number or "")


def _field_table(doc, rows):
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = str(label)
        cells[1].text = str(value or "")
        cells[0].width, cells[1].width = Cm(4.5), Cm(11.1)
    return table


def _issuer(inspection):
    creator = inspection.created_by
    org = getattr(creator, "organisation", None)
    return org.name if org else _("应急管理局")


def _inspector_text(inspection):
    names = []
    for user in inspection.inspectors.all().order_by("username"):
        cert = user.inspector_certificates.filter(voided_at__isnull=True).order_by("-valid_until").first()
        names.append(f"{user}（{_('执法证号')}：{cert.certificate_no}）" if cert else str(user))
    return "；".join(names)


def _save(doc):
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _date(d):
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def inspection_record(inspection):
    """现场检查记录 (bytes of a .docx)."""
    e = inspection.enterprise
    doc = _new_document()
    _title(doc, _issuer(inspection), _("现场检查记录"), inspection.document_no)
    rows = [
        (_("被检查单位"), e.name),
        (_("统一社会信用代码"), e.credit_code),
        (_("地址"), e.address),
        (_("主要负责人"), e.principal_name),
        (_("现场负责人"), inspection.site_contact),
        (_("检查时间"), _date(inspection.inspected_on)),
        (_("检查方式"), inspection.get_kind_display()),
        (_("检查人员"), _inspector_text(inspection)),
    ]
    if inspection.campaign_id:
        rows.append((_("专项行动"), inspection.campaign.name))
    _field_table(doc, rows)
    doc.add_paragraph()
    doc.add_paragraph(_("检查情况："))
    for line in (inspection.findings or _("未发现问题。")).splitlines():
        doc.add_paragraph(line)
    answers = list(inspection.answers.select_related("item").order_by("item__position", "item_id"))
    if answers:
        doc.add_paragraph(_("检查表（%(name)s）：") % {"name": inspection.checklist or ""})
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, (_("序号"), _("检查内容"), _("结果"), _("说明"))):
            cell.text = str(text)
        for a in answers:
            cells = table.add_row().cells
            for cell, text in zip(cells, (a.item.position, a.item.text, a.get_result_display(), a.note)):
                cell.text = str(text)
    doc.add_paragraph()
    doc.add_paragraph(_("检查人员（签名）：                    被检查单位现场负责人（签名）："))
    doc.add_paragraph(_("年    月    日                          年    月    日"))
    return _save(doc)


def rectification_order(inspection):
    """责令限期整改指令书 (bytes of a .docx); the record must have order items and a deadline."""
    e = inspection.enterprise
    doc = _new_document()
    _title(doc, _issuer(inspection), _("责令限期整改指令书"), inspection.document_no)
    doc.add_paragraph(f"{e.name}：")
    doc.add_paragraph(_("经查，你单位存在下列问题：")).paragraph_format.first_line_indent = Pt(28)
    for i, line in enumerate(inspection.order_lines(), start=1):
        p = doc.add_paragraph(f"{i}. {line}")
        p.paragraph_format.first_line_indent = Pt(28)
    p = doc.add_paragraph(_("依据《中华人民共和国安全生产法》第六十五条规定，现责令你单位于%(d)s前整改完毕，"
                            "达到有关法律法规规章和标准规定的要求。由此造成事故的，依法追究有关人员的责任。")
                          % {"d": _date(inspection.rectify_deadline)})
    p.paragraph_format.first_line_indent = Pt(28)
    p = doc.add_paragraph(_("如果不服本指令，可以依法在60日内向人民政府或者上一级应急管理部门申请行政复议，"
                            "或者在6个月内依法向人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。"))
    p.paragraph_format.first_line_indent = Pt(28)
    doc.add_paragraph()
    _field_table(doc, [
        (_("被检查单位"), e.name),
        (_("检查时间"), _date(inspection.inspected_on)),
        (_("检查人员"), _inspector_text(inspection)),
        (_("整改期限"), _date(inspection.rectify_deadline)),
    ])
    doc.add_paragraph()
    p = doc.add_paragraph(f"{_issuer(inspection)}\n{_date(timezone.localdate())}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(_("被检查单位负责人（签名）：                年    月    日"))
    return _save(doc)


def supervision_notice(notice):
    """督导通报 (bytes of a .docx): title, number, content and the visits it reports."""
    doc = _new_document()
    issuer = notice.created_by.organisation.name if notice.created_by and notice.created_by.organisation else \
        _("应急管理局")
    _title(doc, issuer, notice.title, notice.document_no)
    for line in notice.content.splitlines():
        if line.strip():
            p = doc.add_paragraph(line.strip())
            p.paragraph_format.first_line_indent = Pt(28)
    visits = list(notice.visits.select_related("organisation").order_by("visited_on", "pk"))
    if visits:
        doc.add_paragraph(_("附：督导检查情况"))
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, (_("督导日期"), _("被督导单位"), _("发现的问题"), _("整改要求"))):
            cell.text = str(text)
        for v in visits:
            cells = table.add_row().cells
            for cell, text in zip(cells, (_date(v.visited_on), v.organisation.name, v.findings, v.requirements)):
                cell.text = str(text)
    p = doc.add_paragraph(f"{issuer}\n{_date(notice.issued_on)}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _save(doc)
