"""Builders of the incident documents shipped in this folder (`yingji doctemplates build` writes the .docx).

special.docx — 突发事件信息专报: 报送单位, 期号, the 基本情况 (时间、地点、类别、伤亡、初判等级), the 处置情况 (the
timeline's entries), the 下一步工作, 签发人 and 联系人. follow_up.docx — 续报: the same head with the 续报 number and
what changed since the last report. Fields: docs/command.md.
"""

from yingji.platform.core.documents import TemplateBuilder


def _facts(b):
    b.paragraph("一、基本情况", style="一级标题")
    b.paragraph("{{ occurred_cn }}，{{ place }}发生{{ title }}（{{ category }}·{{ incident_type }}）。"
                "{{ casualties }}。初判等级：{{ grade }}。")
    b.paragraph("{{ summary }}")


def _timeline(b, title):
    b.paragraph(title, style="一级标题")
    b.tag("for e in entries")
    b.paragraph(("{{ e.at }}", {"bold": True}), "，{{ e.kind }}：{{ e.text }}")
    b.tag("endfor")


def _foot(b):
    b.paragraph("签发：{{ signer }}　　　　核稿：{{ checker }}　　　　联系人及电话：{{ contact }}", style="附注")
    b.signature()


def special():
    b = TemplateBuilder("突发事件信息专报")
    b.paragraph("{{ organisation }}", style="发文机关标志")
    b.paragraph("信息专报", style="公文标题")
    b.paragraph("第{{ issue_no }}期", style="发文字号")
    b.paragraph("{{ title }}", style="公文标题")
    b.paragraph("{{ recipient }}：", style="主送机关")
    _facts(b)
    _timeline(b, "二、处置情况")
    b.paragraph("三、下一步工作", style="一级标题")
    b.paragraph("{{ next_steps }}")
    _foot(b)
    return b


def follow_up():
    b = TemplateBuilder("突发事件续报")
    b.paragraph("{{ organisation }}", style="发文机关标志")
    b.paragraph("{{ title }}（续报{{ follow_up_no }}）", style="公文标题")
    b.paragraph("{{ recipient }}：", style="主送机关")
    b.paragraph("截至{{ as_of_cn }}，{{ title }}最新情况续报如下：")
    _facts(b)
    _timeline(b, "二、{{ since_label }}以来处置进展")
    b.paragraph("三、下一步工作", style="一级标题")
    b.paragraph("{{ next_steps }}")
    _foot(b)
    return b


TEMPLATES = {"special": special, "follow_up": follow_up}
