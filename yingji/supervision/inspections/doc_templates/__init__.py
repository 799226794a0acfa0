"""Builders of the inspection 文书 templates shipped in this folder (`yingji doctemplates build` writes the .docx).

record.docx — 现场检查记录; order.docx — 责令限期整改指令书; notice.docx — 督导通报. Filled by
inspections/documents.py; the fields a bureau's own copy may use are listed in docs/inspections.md.
"""

from yingji.platform.core.documents import TemplateBuilder

FIELD_WIDTHS = (42, 114)  # mm, the 156 mm text area


def record():
    b = TemplateBuilder("现场检查记录")
    b.head()
    b.table(None, [
        ("被检查单位", "{{ enterprise.name }}"),
        ("统一社会信用代码", "{{ enterprise.credit_code }}"),
        ("地址", "{{ enterprise.address }}"),
        ("主要负责人", "{{ enterprise.principal }}"),
        ("现场负责人", "{{ site_contact }}"),
        ("检查时间", "{{ inspected_on }}"),
        ("检查方式", "{{ kind }}"),
        ("检查人员", "{{ inspectors }}"),
        ("专项行动", "{{ campaign }}"),
    ], widths_mm=FIELD_WIDTHS)
    b.paragraph("")
    b.paragraph("检查情况：", style="一级标题")
    b.tag("for line in findings")
    b.paragraph("{{ line }}")
    b.tag("else")
    b.paragraph("未发现问题。")
    b.tag("endfor")
    b.tag("if answers")
    b.paragraph("检查表（{{ checklist }}）：", style="一级标题")
    b.table(("序号", "检查内容", "结果", "说明"),
            ("{{ a.position }}", "{{ a.text }}", "{{ a.result }}", "{{ a.note }}"), loop="a in answers",
            widths_mm=(14, 86, 22, 34))
    b.tag("endif")
    b.paragraph("")
    b.paragraph("检查人员（签名）：", style="主送机关")
    b.paragraph("被检查单位现场负责人（签名）：", style="主送机关")
    b.signature(date="{{ date_cn }}")
    return b


def order():
    b = TemplateBuilder("责令限期整改指令书")
    b.head()
    b.paragraph("{{ enterprise.name }}：", style="主送机关")
    b.paragraph("经查，你单位存在下列问题：")
    b.tag("for line in order_lines")
    b.paragraph("{{ loop.index }}. {{ line }}")
    b.tag("endfor")
    b.paragraph("依据《中华人民共和国安全生产法》第六十五条规定，现责令你单位于{{ deadline }}前整改完毕，"
                "达到有关法律法规规章和标准规定的要求。由此造成事故的，依法追究有关人员的责任。")
    b.paragraph("如果不服本指令，可以依法在60日内向人民政府或者上一级应急管理部门申请行政复议，"
                "或者在6个月内依法向人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。")
    b.paragraph("")
    b.table(None, [
        ("被检查单位", "{{ enterprise.name }}"),
        ("检查时间", "{{ inspected_on }}"),
        ("检查人员", "{{ inspectors }}"),
        ("整改期限", "{{ deadline }}"),
    ], widths_mm=FIELD_WIDTHS)
    b.signature()
    b.paragraph("被检查单位负责人（签名）：                年    月    日", style="附注")
    b.paragraph("本文书一式两份，一份交被检查单位，一份归档。", style="附注")
    return b


def notice():
    b = TemplateBuilder("督导通报")
    b.head()
    b.tag("for line in content")
    b.paragraph("{{ line }}")
    b.tag("endfor")
    b.tag("if visits")
    b.paragraph("附：督导检查情况", style="主送机关")
    b.table(("督导日期", "被督导单位", "发现的问题", "整改要求"),
            ("{{ v.date }}", "{{ v.organisation }}", "{{ v.findings }}", "{{ v.requirements }}"), loop="v in visits",
            widths_mm=(28, 36, 46, 46))
    b.tag("endif")
    b.signature()
    return b


TEMPLATES = {"record": record, "order": order, "notice": notice}
