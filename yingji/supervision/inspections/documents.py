"""Official documents filled from an inspection record (现场检查记录, 责令限期整改指令书) and from a 督导通报, rendered
from the templates in doc_templates/ (the bureau's copies if it has any). Each is issued only with its 文号."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingji.platform.core import documents

RECORD, ORDER = "现场检查记录", "责令限期整改指令书"


def _issuer(user):
    org = getattr(user, "organisation", None)
    return org.name if org else _("应急管理局")


def _inspector_text(inspection):
    names = []
    for user in inspection.inspectors.all().order_by("username"):
        cert = user.inspector_certificates.filter(voided_at__isnull=True).order_by("-valid_until").first()
        names.append(f"{user}（{_('执法证号')}：{cert.certificate_no}）" if cert else str(user))
    return "；".join(names)


def _inspection_context(inspection):
    e = inspection.enterprise
    return {
        "organisation": _issuer(inspection.created_by),
        "enterprise": {"name": e.name, "credit_code": e.credit_code, "address": e.address,
                       "principal": e.principal_name},
        "site_contact": inspection.site_contact,
        "inspected_on": documents.arabic_date(inspection.inspected_on),
        "kind": inspection.get_kind_display(),
        "inspectors": _inspector_text(inspection),
        "campaign": inspection.campaign.name if inspection.campaign_id else "",
        # the 文书 is dated the day of the inspection it records, whenever it is printed
        "date": documents.arabic_date(inspection.inspected_on),
        "date_cn": documents.chinese_date(inspection.inspected_on),
    }


def inspection_record(inspection):
    """现场检查记录 (bytes of a .docx); refused without the record's 文书编号."""
    answers = inspection.answers.select_related("item").order_by("item__position", "item_id")
    context = {
        **_inspection_context(inspection),
        "findings": documents.lines(inspection.findings),
        "checklist": str(inspection.checklist or ""),
        "answers": [{"position": a.item.position, "text": a.item.text, "result": a.get_result_display(),
                     "note": a.note} for a in answers],
    }
    return documents.issue("inspections", "record", context, number=inspection.document_no, title=RECORD)


def rectification_order(inspection):
    """责令限期整改指令书 (bytes of a .docx); refused without order items, a deadline or the 文书编号."""
    if not inspection.order_lines() or not inspection.rectify_deadline:
        raise ValidationError(_("该检查记录没有责令整改事项或整改期限，不能生成责令限期整改指令书"))
    context = {
        **_inspection_context(inspection),
        "order_lines": list(inspection.order_lines()),
        "deadline": documents.arabic_date(inspection.rectify_deadline),
    }
    return documents.issue("inspections", "order", context, number=inspection.document_no, title=ORDER)


def supervision_notice(notice):
    """督导通报 (bytes of a .docx): title, number, content and the visits it reports; refused without its 文号."""
    visits = notice.visits.select_related("organisation").order_by("visited_on", "pk")
    context = {
        "organisation": _issuer(notice.created_by),
        "content": documents.lines(notice.content),
        "visits": [{"date": documents.arabic_date(v.visited_on), "organisation": v.organisation.name,
                    "findings": v.findings, "requirements": v.requirements} for v in visits],
        "date": documents.arabic_date(notice.issued_on),
        "date_cn": documents.chinese_date(notice.issued_on),
    }
    return documents.issue("inspections", "notice", context, number=notice.document_no, title=notice.title)
