"""Reporting-deadline reminders, fired by the sweeper (core/sweeper.py) from the ReportDeadline rows.

Two steps, each its own transaction, so a sweeper killed at any point resumes without missing or repeating:

1. claim: every open deadline whose `next_remind_at` has come moves to its next stage with a conditional UPDATE
   (WHERE stage = the stage read) and, in the same transaction, a Reminder row unique per (deadline, stage) is
   inserted. Before the due time the stage is 即将到期 (SOON), from the due time 超时 (OVERDUE, and the deadline is
   flagged late). A deadline first seen after its due time gets the OVERDUE reminder only. Two sweepers at once:
   the conditional UPDATE lets one win, the unique constraint backs it.
2. send: every claimed reminder not yet sent is delivered (addressed to the people on duty now, core.oncall, and
   shown on the duty page) and marked sent in one conditional UPDATE, so it is sent once even if step 2 runs twice.

Before claiming, the open incidents' 续报 duties whose time point has come are created (schedule_follow_ups).
"""

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core import oncall, sweeper

from .choices import ReportKind, Status
from .models import Incident, IncidentReportingRule, Reminder, ReportDeadline
from .services import schedule_follow_ups

BATCH = 500


def follow_ups(now):
    """Open incidents whose last 续报 duty is due (or that have none yet) get their next ones."""
    made = 0
    last = Max("deadlines__due_at", filter=Q(deadlines__kind=ReportKind.FOLLOW_UP))
    # only grades some 续报 rule names (a 一般 incident has none in the seeded rules)
    grades = IncidentReportingRule.objects.valid_on(timezone.localdate(now)).filter(duty=ReportKind.FOLLOW_UP) \
        .values("grade")
    candidates = (Incident.objects.filter(status=Status.OPEN, voided_at__isnull=True, grade__in=grades)
                  .annotate(last=last)
                  .filter(Q(last__isnull=True) | Q(last__lte=now)).select_related("region"))
    for incident in candidates:
        with transaction.atomic():
            made += schedule_follow_ups(incident, now)
    return made


def _text(deadline, stage, now):
    incident = deadline.incident
    due = timezone.localtime(deadline.due_at).strftime("%m-%d %H:%M")
    if stage == ReportDeadline.Stage.SOON:
        return _("【即将到期】%(i)s：%(d)s须于%(due)s前报送") % {"i": incident.title, "d": deadline, "due": due}
    return _("【已超时】%(i)s：%(d)s应于%(due)s前报送，已迟报") % {"i": incident.title, "d": deadline, "due": due}


def claim(now):
    """Step 1: move due deadlines to their next stage, one Reminder row each. Returns the number claimed."""
    claimed = 0
    due = (ReportDeadline.objects.open().filter(cancelled=False, next_remind_at__lte=now)
           .select_related("incident").order_by("next_remind_at")[:BATCH])
    for d in list(due):
        stage = ReportDeadline.Stage.OVERDUE if now >= d.due_at else ReportDeadline.Stage.SOON
        if stage <= d.stage:
            continue
        values = {"stage": stage, "next_remind_at": None if stage == ReportDeadline.Stage.OVERDUE else d.due_at}
        if stage == ReportDeadline.Stage.OVERDUE:
            values["late"] = True
        try:
            with transaction.atomic():
                won = ReportDeadline.objects.filter(pk=d.pk, stage=d.stage, done_at__isnull=True).update(**values)
                if not won:
                    continue
                Reminder.objects.create(deadline=d, stage=stage, scheduled_at=d.next_remind_at, claimed_at=now,
                                        text=_text(d, stage, now)[:300])
        except IntegrityError:
            continue  # another sweeper claimed this stage first
        claimed += 1
    return claimed


def _recipients(reminder, now):
    region = reminder.deadline.incident.region
    while region is not None and region.level > 3:
        region = region.parent
    people = oncall.on_duty(now, region=region)
    return "、".join(f"{p.post_label}{p.name}" for p in people)[:300]


def send(now, *, stop_after=None):
    """Step 2: deliver the claimed reminders not yet sent. `stop_after` ends the run after that many (a crash in
    the middle, for the tests). Returns the number sent by this run."""
    sent = 0
    pending = Reminder.objects.filter(sent_at__isnull=True).select_related(
        "deadline", "deadline__incident", "deadline__incident__region").order_by("claimed_at", "id")[:BATCH]
    for reminder in list(pending):
        if stop_after is not None and sent >= stop_after:
            break
        with transaction.atomic():
            won = Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
                sent_at=now, recipients=_recipients(reminder, now))
        sent += won
    return sent


@sweeper.sweep("incidents.deadlines", every=30)
def remind(now):
    return follow_ups(now) + claim(now) + send(now)
