"""Builders of the enforcement 文书 templates shipped in this folder (`yingji doctemplates build` writes the .docx).

decision.docx — 行政处罚决定书 with the items 行政处罚法 Art. 59 requires; filled by enforcement/documents.py.
A bureau restyles or rewords its copy in Word (docs/operations.md); the fields it may use are listed in
docs/enforcement.md.
"""

from yingji.platform.core.documents import TemplateBuilder


def decision():
    b = TemplateBuilder("行政处罚决定书")
    b.head()
    b.paragraph("一、当事人", style="一级标题")
    b.paragraph("被处罚单位：{{ enterprise.name }}")
    b.paragraph("统一社会信用代码：{{ enterprise.credit_code }}")
    b.paragraph("地址：{{ enterprise.address }}")
    b.paragraph("主要负责人：{{ enterprise.principal }}")
    b.tag("for name in persons")
    b.paragraph("被处罚人（个人）：{{ name }}（{{ enterprise.name }}主要负责人）")
    b.tag("endfor")
    b.paragraph("二、违法事实和证据", style="一级标题")
    b.tag("for line in facts")
    b.paragraph("{{ line }}")
    b.tag("endfor")
    b.paragraph("三、违反的规定和处罚依据", style="一级标题")
    b.tag("if violated_provisions")
    b.paragraph("以上行为违反了{{ violated_provisions }}的规定。")
    b.tag("endif")
    b.tag("if penalty_basis")
    b.paragraph("依据{{ penalty_basis }}的规定，")
    b.tag("endif")
    b.paragraph("四、行政处罚的种类和数额", style="一级标题")
    b.tag("if penalties")
    b.paragraph("本机关决定给予如下行政处罚：")
    b.tag("for penalty in penalties")
    b.paragraph("{{ loop.index }}. {{ penalty }}。")
    b.tag("endfor")
    b.tag("else")
    b.paragraph("不予行政处罚。")
    b.tag("endif")
    b.paragraph("五、履行方式和期限", style="一级标题")
    b.tag("if money_total")
    b.paragraph("罚没款合计人民币{{ money_total }}元，限于收到本决定书之日起{{ payment_days }}日内，持本决定书到指定银行"
                "缴纳或通过非税收入缴款系统缴纳。到期不缴纳罚款的，本机关将依据{{ surcharge_basis }}，每日按罚款数额的"
                "{{ surcharge_rate }}%加处罚款（加处罚款的数额不超过罚款的数额），并依法申请人民法院强制执行。")
    b.tag("endif")
    b.tag("for penalty in other_penalties")
    b.paragraph("{{ penalty }}，自收到本决定书之日起执行。")
    b.tag("endfor")
    b.paragraph("六、救济途径和期限", style="一级标题")
    b.paragraph("如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起"
                "行政诉讼。行政复议和行政诉讼期间，本决定不停止执行，法律另有规定的除外。")
    b.signature()
    b.paragraph("本文书一式两份，一份交当事人，一份归档。", style="附注")
    return b


TEMPLATES = {"decision": decision}
