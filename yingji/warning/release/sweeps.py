"""Time-driven work of releases, run by `yingji sweeper` (platform/core/sweeper.py).

- release.escalate: 叫应 steps due at `now` (voice call, redials, the 未叫应 report), set-based and claimed, so a
  confirmation (which clears next_action_at) stops everything and a restarted sweeper resumes where it was;
- release.receipts: pull delivery reports and replies (短信上行, 语音按键) from the gateways;
- release.pump: a release whose sending job died (worker killed) is picked up again.
"""

import datetime
import logging

from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from yingji.platform.core import sweeper

from .choices import EventKind, ReleaseStatus, TargetState
from .models import Delivery, Release, ReleaseEvent, Target

log = logging.getLogger("yingji.release")
BATCH = 2000


def due_targets_sql():
    """The indexed query of the open confirmations due at a time (partial index release_target_due)."""
    tgt = Target._meta.db_table
    return (f"SELECT id FROM {tgt} WHERE next_action_at IS NOT NULL AND next_action_at <= %s "
            f"AND confirmed_at IS NULL ORDER BY next_action_at LIMIT %s")


@sweeper.sweep("release.escalate", every=5)
def escalate(now):
    """Advance every due 叫应 row by one step. Returns the number of steps taken."""
    from . import tasks
    from .services import escalation_messages, policy_for, schedule

    total = 0
    while True:
        with transaction.atomic():
            lock = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
            with connection.cursor() as cur:
                cur.execute(due_targets_sql() + lock, [now, BATCH])
                ids = [r[0] for r in cur.fetchall()]
            if not ids:
                break
            targets = list(Target.objects.filter(pk__in=ids).select_related("release", "release__region",
                                                                              "recipient"))
            policies, duty_cache = {}, {}
            moves = {}  # (step, next_action_at, state, escalated) -> [ids]
            deliveries, events, releases = [], [], set()
            for t in targets:
                if t.release.status == ReleaseStatus.CANCELLED:
                    moves.setdefault((t.step, None, t.state, False), []).append(t.pk)
                    continue
                key = (t.release.level, t.release.region_id)
                if key not in policies:
                    policies[key] = policy_for(t.release.level, t.release.region)
                policy = policies[key]
                step = t.step + 1
                action, rows = escalation_messages(t, step, policy, now, duty_cache=duty_cache)
                _next_action, delay = schedule(policy, step + 1)
                nxt = now + datetime.timedelta(seconds=delay) if delay is not None else None
                state = TargetState.ESCALATED if action == "escalate" else t.state
                moves.setdefault((step, nxt, state, action == "escalate"), []).append(t.pk)
                deliveries += rows
                if rows:
                    releases.add(t.release_id)
                if action in ("call", "redial"):
                    events.append(ReleaseEvent(release_id=t.release_id, target_id=t.pk, kind=EventKind.REDIAL, at=now,
                                               detail=_("第%(n)s次语音呼叫") % {"n": step}))
                elif action == "escalate":
                    events.append(ReleaseEvent(
                        release_id=t.release_id, target_id=t.pk, kind=EventKind.ESCALATED, at=now,
                        detail=_("未叫应，已通知上级责任人和值班员（%(n)s条）") % {"n": len(rows)}))
            for (step, nxt, state, escalated), pks in moves.items():
                fields = {"step": step, "next_action_at": nxt, "state": state}
                if escalated:
                    fields["escalated_at"] = now
                # the WHERE keeps a row confirmed meanwhile untouched (on SQLite the IMMEDIATE transaction already
                # serialises; on PostgreSQL the rows are locked)
                models.QuerySet(Target).filter(pk__in=pks, confirmed_at__isnull=True).update(**fields)
            Delivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=1000)
            ReleaseEvent.objects.bulk_create(events, batch_size=1000)
            for pk in releases:
                transaction.on_commit(lambda pk=pk: tasks.send_release.enqueue(pk))
            total += len(targets)
        if len(ids) < BATCH:
            break
    return total


@sweeper.sweep("release.receipts", every=2)
def receipts(now):
    from .delivery import poll_receipts

    return poll_receipts(now)


@sweeper.sweep("release.pump", every=15)
def pump(now, stale_seconds=60):
    """Re-queue the sending job of a release whose job stopped (its heartbeat is old) while rows are still due."""
    from . import tasks

    stale = now - datetime.timedelta(seconds=stale_seconds)
    n = 0
    candidates = Release.objects.filter(status__in=[ReleaseStatus.QUEUED, ReleaseStatus.SENDING]).filter(
        models.Q(heartbeat_at__isnull=True) | models.Q(heartbeat_at__lt=stale)).values_list("pk", "heartbeat_at",
                                                                                             "resolved_at")
    for pk, beat, resolved in candidates:
        if resolved is not None and not Delivery.objects.filter(release_id=pk, status__in=["queued", "sending"]
                                                                ).exists():
            continue
        # claim the re-queue: only one sweeper does it
        if models.QuerySet(Release).filter(pk=pk, heartbeat_at=beat).update(heartbeat_at=now):
            transaction.on_commit(lambda pk=pk: tasks.run_release.enqueue(pk))
            n += 1
    from .delivery import finish_releases

    return n + finish_releases(now)
