"""信息专报 and 续报 as .docx, filled from the incident and its timeline (core/documents.py)."""

from django.conf import settings
from django.utils import timezone, translation

from yingji.platform.core import documents

from .choices import EntryKind, ReportKind


def _when(dt):
    local = timezone.localtime(dt)
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"


def context(incident, name, user):
    with translation.override(settings.LANGUAGE_CODE):  # an official document: Chinese whatever the user's pages
        return _context(incident, name, user)


def _context(incident, name, user):
    entries = list(incident.timeline.select_related("actor").order_by("seq"))
    since_label = "接报"
    if name == "follow_up":
        last = incident.reports.filter(voided_at__isnull=True).order_by("-reported_at").first()
        if last is not None:
            entries = [e for e in entries if e.recorded_at > last.created_at]
            since_label = "上次报告"
    follow_ups = incident.reports.filter(kind=ReportKind.FOLLOW_UP, voided_at__isnull=True).count()
    org = getattr(user, "organisation", None)
    tasks = [e for e in entries if e.kind == EntryKind.TASK and not hasattr(e, "_done")]
    return {
        "organisation": org.name if org else "",
        "recipient": "",
        "issue_no": incident.reports.filter(voided_at__isnull=True).count() + 1,
        "follow_up_no": follow_ups + 1,
        "title": incident.title,
        "occurred_cn": _when(incident.occurred_at),
        "as_of_cn": _when(timezone.now()),
        "since_label": since_label,
        "place": incident.place,
        "category": incident.get_category_display(),
        "incident_type": incident.get_incident_type_display(),
        "casualties": incident.casualties_display,
        "grade": incident.get_grade_display(),
        "summary": incident.summary,
        "entries": [{"at": timezone.localtime(e.at).strftime("%m月%d日%H:%M"), "kind": e.get_kind_display(),
                     "text": e.text} for e in entries],
        "next_steps": "；".join(e.text for e in tasks) or "继续做好监测和处置工作，有关情况及时续报。",
        "signer": incident.on_duty_leader,
        "checker": "",
        "contact": (user.full_name or user.username),
        "date_cn": documents.chinese_date(timezone.localdate()),
    }


def render(incident, name, user):
    return documents.render("incidents", name, context(incident, name, user))
