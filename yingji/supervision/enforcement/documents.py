"""行政处罚决定书 as .docx (python-docx), with the items 行政处罚法 Art. 59 requires."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import rules
from .choices import PenaltyKind, PenaltyTarget, RuleCode

FONT = "仿宋"
HEADING_FONT = "宋体"


def _run_font(run, name, size, bold=False):
    run.font.name = name
    run.font.size = Pt(size)
    run.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _para(doc, text, *, size=16, bold=False, align=None, font=FONT, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent and align is None:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(28)
    _run_font(p.add_run(text), font, size, bold)
    return p


def _heading(doc, text):
    return _para(doc, text, size=16, bold=True, font="黑体", indent=False)


def _money(value):
    return f"{value:,.2f}"


def penalty_text(p):
    who = p.target_name or (p.case.enterprise.name if p.target == PenaltyTarget.ENTERPRISE else "")
    text = f"对{who}{p.get_kind_display()}"
    if p.amount is not None:
        text += f"人民币{_money(p.amount)}元"
    if p.suspension_days:
        text += f"（期限{p.suspension_days}日）"
    return text


def decision_document(case):
    """The .docx bytes of the case's 行政处罚决定书."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    doc.core_properties.title = f"行政处罚决定书 {case.number}"

    department = case.department
    _para(doc, department.name, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEADING_FONT)
    _para(doc, "行政处罚决定书", size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEADING_FONT)
    _para(doc, case.number or "", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)

    enterprise = case.enterprise
    _heading(doc, "一、当事人")
    _para(doc, f"被处罚单位：{enterprise.name}")
    _para(doc, f"统一社会信用代码：{enterprise.credit_code}")
    _para(doc, f"地址：{enterprise.address}")
    _para(doc, f"主要负责人：{enterprise.principal_name}")
    penalties = [p for p in case.penalties.all() if p.voided_at is None]
    persons = sorted({p.target_name for p in penalties if p.target == PenaltyTarget.PRINCIPAL and p.target_name})
    for name in persons:
        _para(doc, f"被处罚人（个人）：{name}（{enterprise.name}主要负责人）")

    _heading(doc, "二、违法事实和证据")
    _para(doc, case.facts or case.title)
    _heading(doc, "三、违反的规定和处罚依据")
    if case.violated_provisions:
        _para(doc, f"以上行为违反了{case.violated_provisions}的规定。")
    if case.penalty_basis:
        _para(doc, f"依据{case.penalty_basis}的规定，")
    _heading(doc, "四、行政处罚的种类和数额")
    _para(doc, "本机关决定给予如下行政处罚：")
    for i, p in enumerate(penalties, 1):
        _para(doc, f"{i}. {penalty_text(p)}。")
    if not penalties:
        _para(doc, "不予行政处罚。")

    money = sum((p.amount for p in penalties if p.kind in (PenaltyKind.FINE, PenaltyKind.CONFISCATION)
                 and p.amount), 0)
    _heading(doc, "五、履行方式和期限")
    if money:
        payment = rules.rule_for(RuleCode.PAYMENT, case.decided_on)
        surcharge = rules.rule_for(RuleCode.LATE_SURCHARGE, case.decided_on)
        _para(doc, f"罚没款合计人民币{_money(money)}元，限于收到本决定书之日起{payment.days}日内，持本决定书到指定银行"
                   f"缴纳或通过非税收入缴款系统缴纳。到期不缴纳罚款的，本机关将依据{surcharge.legal_basis}，"
                   f"每日按罚款数额的{format(surcharge.rate_percent.normalize(), 'f')}%加处罚款（加处罚款的数额不超过罚款的数额），"
                   f"并依法申请人民法院强制执行。")
    for p in penalties:
        if p.kind not in (PenaltyKind.FINE, PenaltyKind.CONFISCATION, PenaltyKind.WARNING):
            _para(doc, f"{penalty_text(p)}，自收到本决定书之日起执行。")

    _heading(doc, "六、救济途径和期限")
    _para(doc, "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起"
               "行政诉讼。行政复议和行政诉讼期间，本决定不停止执行，法律另有规定的除外。")

    _para(doc, "", indent=False)
    _para(doc, department.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, f"{case.decided_on.year}年{case.decided_on.month}月{case.decided_on.day}日（印章）",
          align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, _("本文书一式两份，一份交当事人，一份归档。"), size=12, indent=False)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
