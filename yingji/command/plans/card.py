"""The 明白卡 of a plan: one page saying who does what at each response level, and whom to call.

The contacts are the people on duty now (core.oncall.on_duty, answered by the command domain's duty roster) for the
plan's region or, when that region keeps no roster, the nearest region above it, and the owner unit's 值班电话.
Phones are masked for users without accounts.view_personal_data, on the page and in the .docx alike.
"""

from django.utils import timezone

from yingji.platform.core import documents, oncall
from yingji.platform.core.privacy import mask_phone

from .services import levels_of

TEMPLATE = "card"


def contacts(plan, user, at=None):
    show = user.has_perm("accounts.view_personal_data")
    region, people = plan.region, []
    while region is not None and not people:
        people = oncall.on_duty(at, region=region)
        region = region.parent if not people else region
    rows = [{"post": p.post_label, "name": p.name, "phone": p.phone if show else mask_phone(p.phone),
             "until": timezone.localtime(p.end).strftime("%m-%d %H:%M")} for p in people]
    if plan.owner_id and plan.owner.phone:
        rows.append({"post": "编制单位值班电话", "name": plan.owner.name, "phone": plan.owner.phone, "until": ""})
    return rows


def card_context(plan, user):
    levels = levels_of(plan)
    version = plan.current_version()
    today = timezone.localdate()
    return {
        "plan": plan, "title": f"{plan.name}明白卡", "organisation": plan.owner_label,
        "kind": plan.get_kind_display(), "region": plan.region.name,
        "version": version.label if version else "", "issued": documents.arabic_date(plan.issued_on),
        "levels": levels,
        "rows": [{"level": lv["level_label"], "unit": a["unit"], "action": a["action"]}
                 for lv in levels for a in lv["actions"]],
        "contacts": contacts(plan, user),
        "date_cn": documents.chinese_date(today), "printed": documents.arabic_date(today),
    }


def render_docx(plan, user):
    return documents.render("plans", TEMPLATE, card_context(plan, user))
