"""Incident services: intake, reporting deadlines, reports, the append-only timeline, closing and handoff.

Other apps (the resources dispatch, later plans) write to an incident's timeline only through `record_event`.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core import oncall
from yingji.platform.core.services import service

from .choices import Cadence, EntryKind, Grade, RecipientLevel, ReportKind, ResponseLevel, Status
from .models import Incident, IncidentReport, IncidentReportingRule, ReportDeadline, TimelineEntry

LEVEL_ORDER = {RecipientLevel.CITY: 1, RecipientLevel.PROVINCE: 2, RecipientLevel.NATION: 3}


# --- the timeline ---------------------------------------------------------------------------------------------------
def record_event(incident, kind, text, *, actor, ref=None, at=None, completes=None):
    """Append one entry to `incident`'s timeline and return it (a TimelineEntry).

    - `kind`: an EntryKind value ("report", "decision", "response", "task", "task_done", "dispatch", "return",
      "note" …); an unknown kind is refused with a Chinese ValidationError.
    - `text`: what happened, in Chinese, as the duty officer should read it (required).
    - `actor`: the user who did it (None only for the system itself, e.g. the sweeper).
    - `ref`: optional saved model instance the entry is about (a dispatch row, a report, a created accident); the
      entry keeps a generic reference (content type + id) and its label, so the timeline links to it without
      importing its app.
    - `at`: when it happened (default now); entries are numbered in the order they are recorded (`seq`), `at` may
      be earlier (a decision taken on the phone and recorded afterwards).
    - `completes`: for "task_done", the task entry it completes (one completion per task).

    Append-only: the entry can never be changed or deleted (the model refuses), so a correction is a new entry.
    The entry is written in the caller's transaction (it rolls back with it); numbering is serialised by a lock on
    the incident row, so two writers at once never get the same number. A voided incident is refused.
    """
    if kind not in EntryKind.values:
        raise ValidationError(_("不能识别的时间线类型：%(k)s") % {"k": kind})
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("时间线内容不能为空"))
    with transaction.atomic():
        locked = Incident.objects.select_for_update().only("pk", "voided_at").get(pk=incident.pk)
        if locked.voided_at is not None:
            raise ValidationError(_("该事件已作废，不能再记录"))
        last = TimelineEntry.objects.filter(incident_id=incident.pk).aggregate(m=Max("seq"))["m"] or 0
        entry = TimelineEntry(incident_id=incident.pk, seq=last + 1, kind=kind, text=text[:4000],
                              at=at or timezone.now(), actor=actor, completes=completes)
        if ref is not None:
            entry.ref_type = ContentType.objects.get_for_model(ref)
            entry.ref_id = ref.pk
            entry.ref_label = str(ref)[:200]
        entry.save()
    return entry


# --- deadlines -------------------------------------------------------------------------------------------------------
def applicable_rules(incident, day=None):
    """{(duty, channel): IncidentReportingRule} in force for the incident's grade, category and region."""
    day = day or timezone.localdate(incident.received_at)
    rows = IncidentReportingRule.objects.candidates(day, incident.region, narrow=incident.category,
                                                    grade=incident.grade)
    groups = {}
    for row in rows:
        groups.setdefault((row.duty, row.channel), []).append(row)
    from yingji.platform.core.rules import most_specific

    return {key: most_specific(group) for key, group in groups.items()}


def next_time_point(rule, after):
    """The first 续报 time strictly after `after` under `rule`'s cadence (local time)."""
    if rule.cadence == Cadence.HOURS:
        return after + datetime.timedelta(hours=rule.every_hours)
    local = timezone.localtime(after)
    for days in range(0, 3):
        day = local.date() + datetime.timedelta(days=days)
        for t in rule.time_points():
            candidate = timezone.make_aware(datetime.datetime.combine(day, t), local.tzinfo)
            if candidate > after:
                return candidate
    raise ValueError("no time point")  # pragma: no cover - time_points is never empty for a valid row


def _soon_at(due_at, created):
    lead = min(datetime.timedelta(minutes=15), max((due_at - created) / 3, datetime.timedelta(0)))
    return due_at - lead


def _add_deadline(incident, *, kind, channel, level, due_at, rule=None, basis="", sequence=1, created=None):
    created = created or timezone.now()
    obj, made = ReportDeadline.objects.get_or_create(
        incident=incident, kind=kind, channel=channel, recipient_level=level, sequence=sequence,
        defaults={"due_at": due_at, "rule": rule, "basis": (basis or (rule.legal_basis if rule else ""))[:300],
                  "next_remind_at": _soon_at(due_at, created)})
    return obj


def schedule_first_reports(incident, *, since=None):
    """The 首报 duties of the incident's current grade; existing duties are kept (an upgrade adds the new ones,
    counted from `since`, the moment the grade changed)."""
    start = since or incident.received_at
    made = []
    for (duty, channel), rule in applicable_rules(incident).items():
        if duty != ReportKind.FIRST:
            continue
        exists = incident.deadlines.filter(kind=duty, channel=channel, recipient_level=rule.recipient_level)
        if exists.exists():
            continue
        made.append(_add_deadline(incident, kind=duty, channel=channel, level=rule.recipient_level,
                                  due_at=start + datetime.timedelta(minutes=rule.minutes), rule=rule,
                                  created=start))
    return made


def schedule_follow_ups(incident, now):
    """Create the incident's 续报 duties whose time point has come (every missed one, so none is skipped after a
    pause of the sweeper) plus the next one ahead of `now`. Idempotent: the sequence number is unique."""
    if incident.status != Status.OPEN or incident.voided_at is not None:
        return 0
    rules = applicable_rules(incident)
    rule = rules.get((ReportKind.FOLLOW_UP, "written")) or rules.get((ReportKind.FOLLOW_UP, "phone"))
    if rule is None:
        return 0
    existing = list(incident.deadlines.filter(kind=ReportKind.FOLLOW_UP).order_by("sequence"))
    if existing:
        seq, last_due = existing[-1].sequence, existing[-1].due_at
    else:
        firsts = incident.deadlines.filter(kind=ReportKind.FIRST).aggregate(m=Max("due_at"))["m"]
        seq, last_due = 0, firsts or incident.received_at
    made = 0
    while True:
        if existing or made:
            if last_due > now:
                break
        due = next_time_point(rule, last_due)
        seq += 1
        _add_deadline(incident, kind=ReportKind.FOLLOW_UP, channel=rule.channel, level=rule.recipient_level,
                      due_at=due, rule=rule, sequence=seq, created=last_due)
        made += 1
        last_due = due
    return made


def deadline_rows(incident):
    return list(incident.deadlines.select_related("report").order_by("due_at", "id"))


def next_deadline(incident, now=None):
    return incident.deadlines.open().filter(cancelled=False).order_by("due_at").first()


# --- intake ----------------------------------------------------------------------------------------------------------
def _leader_on_duty(region, at):
    people = oncall.on_duty(at, region=region, post="leader")
    if not people and region is not None and region.parent_id:
        people = oncall.on_duty(at, region=region.parent, post="leader")
    return "、".join(p.name for p in people)


@service
def receive_incident(incident, *, actor):
    """Save a new incident (接报): fills the 带班领导 on duty, computes its 首报 deadlines and writes the first
    timeline entry, all in one transaction."""
    if not incident.category:
        raise ValidationError({"category": _("请选择事件类别")})
    incident.full_clean()
    if not incident.received_by_id:
        incident.received_by = actor
    if not incident.on_duty_leader:
        county = incident.region
        while county is not None and county.level > 3:
            county = county.parent
        incident.on_duty_leader = _leader_on_duty(county, incident.received_at)[:60]
    incident.created_by = actor
    incident.save()
    record_event(incident, EntryKind.RECEIVED,
                 _("接报：%(src)s，报告人%(who)s。%(title)s，%(cas)s。") % {
                     "src": incident.get_source_display(), "who": incident.reporter_name,
                     "title": incident.title, "cas": incident.casualties_display},
                 actor=actor, at=incident.received_at)
    schedule_first_reports(incident)
    schedule_follow_ups(incident, incident.received_at)
    return incident


@service
def update_incident(incident, *, actor, changed_fields=()):
    """Save a changed incident; a graver grade adds the duties of the new grade, counted from now; the change is
    written to the timeline."""
    old = Incident.objects.select_for_update().get(pk=incident.pk)
    if old.status != Status.OPEN:
        raise ValidationError(_("事件已结束，不能修改；新情况请在时间线中记录"))
    incident.full_clean()
    incident.save()
    if incident.grade < old.grade:
        record_event(incident, EntryKind.UPDATE, _("事件等级由%(a)s调整为%(b)s") % {
            "a": Grade(old.grade).label, "b": incident.get_grade_display()}, actor=actor)
        schedule_first_reports(incident, since=timezone.now())
    figures = [(f, getattr(old, f), getattr(incident, f)) for f in ("deaths", "missing", "injuries", "trapped")
               if getattr(old, f) != getattr(incident, f)]
    if figures:
        labels = {f.name: f.verbose_name for f in Incident._meta.fields}
        record_event(incident, EntryKind.UPDATE, "；".join(
            f"{labels[f]}由{a}变为{b}" for f, a, b in figures), actor=actor)
    return incident


@service
def file_report(incident, *, actor, kind, channel, recipient_level, reported_at=None, recipient="", content=""):
    """A report sent upward: written as IncidentReport with the figures as reported; it fulfils the earliest open
    duty of that kind and channel (same recipient level first), flagged 迟报 when after the due time."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.voided_at is not None:
        raise ValidationError(_("该事件已作废，不能报送"))
    report = IncidentReport(incident=incident, kind=kind, channel=channel, recipient_level=recipient_level,
                            reported_at=reported_at or timezone.now(), reported_by=actor, recipient=recipient,
                            content=content, created_by=actor)
    report.snapshot = {**incident.figures(), "grade_display": incident.get_grade_display()}
    report.full_clean()
    open_duties = incident.deadlines.filter(kind=kind, channel=channel, done_at__isnull=True, cancelled=False)
    duty = (open_duties.filter(recipient_level=recipient_level).order_by("due_at").first()
            or open_duties.order_by("due_at").first())
    if duty is not None and report.reported_at > duty.due_at:
        report.late = True
        report.late_minutes = int((report.reported_at - duty.due_at).total_seconds() // 60)
    report.save()
    if duty is not None:
        duty.done_at, duty.report = report.reported_at, report
        duty.late = duty.late or report.late
        duty.next_remind_at = None
        duty.save(update_fields=["done_at", "report", "late", "next_remind_at"])
    text = _("%(kind)s（%(ch)s）报%(to)s") % {"kind": report.get_kind_display(), "ch": report.get_channel_display(),
                                            "to": recipient or report.get_recipient_level_display()}
    if report.late:
        text += _("，迟报%(n)d分钟") % {"n": report.late_minutes}
    record_event(incident, EntryKind.REPORT, text, actor=actor, ref=report, at=report.reported_at)
    return report


# --- the workspace -----------------------------------------------------------------------------------------------
@service
def set_response_level(incident, *, actor, level, note=""):
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status != Status.OPEN:
        raise ValidationError(_("事件已结束，不能调整响应级别"))
    if level not in (None, "", *ResponseLevel.values):
        raise ValidationError(_("不能识别的响应级别"))
    level = int(level) if level not in (None, "") else None
    old = incident.get_response_level_display() if incident.response_level else _("未启动")
    incident.response_level = level
    incident.save(update_fields=["response_level", "updated_at"])
    new = incident.get_response_level_display() if level else _("终止响应")
    text = _("应急响应：%(a)s → %(b)s") % {"a": old, "b": new}
    if note:
        text += f"（{note}）"
    return record_event(incident, EntryKind.RESPONSE, text, actor=actor)


@service
def give_task(incident, *, actor, unit, text, due=None):
    """A task given to a unit (a timeline entry of kind "task"); completed by complete_task."""
    if not (unit or "").strip():
        raise ValidationError({"unit": _("请填写承办单位")})
    body = _("向%(unit)s下达任务：%(text)s") % {"unit": unit.strip(), "text": text}
    if due:
        body += _("（要求%(d)s前完成）") % {"d": timezone.localtime(due).strftime("%m-%d %H:%M")}
    return record_event(incident, EntryKind.TASK, body, actor=actor)


@service
def complete_task(task, *, actor, text=""):
    if task.kind != EntryKind.TASK:
        raise ValidationError(_("只能反馈“任务下达”的完成情况"))
    if TimelineEntry.objects.filter(completes=task).exists():
        raise ValidationError(_("该任务已反馈完成"))
    return record_event(task.incident, EntryKind.TASK_DONE,
                        _("任务完成（第%(n)d条）：%(t)s") % {"n": task.seq, "t": text or _("已完成")},
                        actor=actor, completes=task)


def open_tasks(incident):
    return list(incident.timeline.filter(kind=EntryKind.TASK, completed_by__isnull=True).order_by("seq"))


@service
def close_incident(incident, *, actor, summary, at=None):
    """处置结束: the summary is required; open 续报 duties after the closing time are cancelled and a 终报 duty is
    added from the rules."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("结束事件须填写处置总结")})
    if incident.status != Status.OPEN:
        raise ValidationError(_("事件已结束"))
    at = at or timezone.now()
    incident.status, incident.closed_at, incident.closing_summary = Status.CLOSED, at, summary
    incident.save(update_fields=["status", "closed_at", "closing_summary", "updated_at"])
    incident.deadlines.filter(kind=ReportKind.FOLLOW_UP, done_at__isnull=True, due_at__gt=at).update(
        cancelled=True, next_remind_at=None)
    rules = applicable_rules(incident)
    final = rules.get((ReportKind.FINAL, "written"))
    if final is not None:
        _add_deadline(incident, kind=ReportKind.FINAL, channel=final.channel, level=final.recipient_level,
                      due_at=at + datetime.timedelta(minutes=final.minutes), rule=final, created=at)
    record_event(incident, EntryKind.CLOSED, _("处置结束：%(s)s") % {"s": summary}, actor=actor, at=at)
    return incident
