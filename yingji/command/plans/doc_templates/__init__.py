"""Builders of the plans templates shipped in this folder (`yingji doctemplates build` writes the .docx).

card.docx — 预案明白卡: the plan, each level's 启动条件, each unit's actions by level and the contacts on duty. Filled
by plans/card.py (fields: title, organisation, kind, region, version, issued, levels[level_label, trigger],
rows[level, unit, action], contacts[post, name, phone, until], printed, date_cn).
"""

from yingji.platform.core.documents import TemplateBuilder


def card():
    b = TemplateBuilder("预案明白卡")
    b.head(number=False)
    b.table(None, [("预案类别", "{{ kind }}"), ("适用区划", "{{ region }}"), ("现行版本", "{{ version }}"),
                   ("发布日期", "{{ issued }}")], widths_mm=(36, 120))
    b.paragraph("一、响应分级与启动条件", style="一级标题")
    b.tag("for lv in levels")
    b.paragraph("{{ lv.level_label }}应急响应：{{ lv.trigger }}")
    b.tag("else")
    b.paragraph("本预案未登记响应分级。")
    b.tag("endfor")
    b.paragraph("二、各单位职责（谁做什么）", style="一级标题")
    b.table(("响应级别", "责任单位", "应采取的措施"), ("{{ r.level }}", "{{ r.unit }}", "{{ r.action }}"),
            loop="r in rows", widths_mm=(22, 40, 94))
    b.paragraph("三、联系方式", style="一级标题")
    b.table(("岗位", "姓名或单位", "电话", "在岗至"), ("{{ c.post }}", "{{ c.name }}", "{{ c.phone }}", "{{ c.until }}"),
            loop="c in contacts", widths_mm=(34, 50, 44, 28))
    b.paragraph("打印日期：{{ printed }}（值班人员以打印时在岗为准）", style="附注")
    return b


TEMPLATES = {"card": card}
