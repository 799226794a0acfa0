"""Time-driven work of releases, run by `yingji sweeper` (platform/core/sweeper.py).

- release.escalate: 叫应 steps due at `now` (voice call, redials, the 未叫应 report), set-based and claimed, so a
  confirmation (which clears next_action_at) stops everything and a restarted sweeper resumes where it was;
- release.receipts: pull delivery reports and replies (短信上行, 语音按键) from the gateways;
- release.pump: a release whose sending job died (worker killed) is picked up again.
"""

import datetime
import json
import logging

from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from yingji.platform.core import sweeper

from .choices import ROUND_DUTY, ROUND_SUPERIOR, Channel, DeliveryStatus, EventKind, ReleaseStatus, TargetState
from .models import Delivery, Recipient, Release, ReleaseEvent, Target, db_datetime

log = logging.getLogger("yingji.release")
BATCH = 5000


def due_targets_sql(columns="id", after=False):
    """The indexed query of the open confirmations due at a time (partial index release_target_due); with `after`,
    those past a (next_action_at, id) key, to page through them without reading the rows already handled again."""
    tgt = Target._meta.db_table
    page = " AND (next_action_at, id) > (%s, %s)" if after else ""
    return (f"SELECT {columns} FROM {tgt} WHERE next_action_at IS NOT NULL AND next_action_at <= %s{page} "
            f"AND confirmed_at IS NULL ORDER BY next_action_at, id LIMIT %s")


def _ids(column, ids):
    """SQL `column` in the list `ids` with one parameter: `= ANY(array)` on PostgreSQL, json_each on SQLite (no limit
    on the number of values either way)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


@sweeper.sweep("release.escalate", every=5)
def escalate(now):
    """Advance every due 叫应 row by one step, set-based: per batch of due rows, one conditional UPDATE … RETURNING
    per (policy, step) claims and moves them (only while not confirmed and still at that step), then one INSERT …
    SELECT queues that step's messages for the rows it moved and one writes their events. Returns the number of due
    rows handled (those of a cancelled release only lose their next action)."""
    policies, duty = {}, {}
    total = 0
    key = None  # (next_action_at, id) of the last due row read
    while True:
        with transaction.atomic():
            tgt = Target._meta.db_table
            with connection.cursor() as cur:
                # no lock here: each UPDATE below is the claim (its WHERE re-checks step and confirmation on the
                # row's latest version, so of two sweepers only one moves a row, and only moved rows get messages)
                cur.execute(due_targets_sql("id, release_id, step, next_action_at", after=key is not None),
                            [db_datetime(now), *(key or ()), BATCH])
                rows = cur.fetchall()
            if not rows:
                break
            key = (db_datetime(rows[-1][3]), rows[-1][0])
            releases = {r.pk: r for r in Release.objects.filter(pk__in={rel for _pk, rel, _s, _at in rows})
                        .select_related("region")}
            groups, stopped = {}, []
            for pk, rel, step, _at in rows:
                release = releases[rel]
                if release.status == ReleaseStatus.CANCELLED:
                    stopped.append(pk)
                else:
                    groups.setdefault((release.level, release.region_id, step), []).append(pk)
            if stopped:  # a cancelled release: nothing more for its people
                where, params = _ids("id", stopped)
                with connection.cursor() as cur:
                    cur.execute(f"UPDATE {tgt} SET next_action_at = NULL WHERE {where} AND next_action_at IS NOT NULL "
                                f"AND confirmed_at IS NULL",
                                params)
                    total += cur.rowcount
            queued_for = set()
            for (level, region_id, step), pks in groups.items():
                region = next(r.region for r in releases.values() if r.region_id == region_id)
                if (level, region_id) not in policies:
                    from .services import policy_for

                    policies[(level, region_id)] = policy_for(level, region)
                moved, releases_to_send = _advance(pks, step, policies[(level, region_id)], region, now, duty)
                total += moved
                queued_for |= releases_to_send
            for pk in queued_for:
                transaction.on_commit(lambda pk=pk: _send(pk))
        if len(rows) < BATCH:
            break
    return total


def _send(release_id):
    from . import tasks

    tasks.send_release.enqueue(release_id)


DELIVERY_COLUMNS = ("release_id, target_id, recipient_id, address, channel, round, status, attempts, next_try_at, "
                    "lease_until, lease_owner, uncertain, sent_at, delivered_at, error, created_at")


def _advance(pks, step, policy, region, now, duty):
    """Move the rows `pks` (all at `step`, of releases sharing `policy` and `region`) to the next step; queue its
    messages and write its events. Returns (rows moved, ids of the releases that got messages to send)."""
    from .services import schedule

    tgt, dl, rec = Target._meta.db_table, Delivery._meta.db_table, Recipient._meta.db_table
    ev = ReleaseEvent._meta.db_table
    new = step + 1
    action, _delay = schedule(policy, new)
    _next, delay = schedule(policy, new + 1)
    nxt = now + datetime.timedelta(seconds=delay) if delay is not None else None
    at = db_datetime(now)
    sets, sparams = ["step = %s", "next_action_at = %s"], [new, db_datetime(nxt)]
    if action == "escalate":
        sets += ["state = %s", "escalated_at = %s"]
        sparams += [TargetState.ESCALATED, at]
    where, wparams = _ids("id", pks)
    with connection.cursor() as cur:
        # the claim: a row confirmed meanwhile, or already moved by another sweeper (its step changed), is left
        # alone — PostgreSQL re-checks the WHERE on the row's latest version, SQLite's IMMEDIATE transaction
        # serialises — so a second sweep at the same moment is a no-op
        cur.execute(f"UPDATE {tgt} SET {', '.join(sets)} WHERE {where} AND confirmed_at IS NULL AND step = %s "
                    f"RETURNING id, release_id", [*sparams, *wparams, step])
        moved = cur.fetchall()
        if not moved or action is None:
            return len(moved), set()
        where, wparams = _ids("t.id", [pk for pk, _rel in moved])
        queued = f"'{DeliveryStatus.QUEUED}', 0, %s, NULL, '', %s, NULL, NULL, '', %s"
        qparams = [at, False, at]
        if action in ("call", "redial"):
            cur.execute(f"INSERT INTO {dl} ({DELIVERY_COLUMNS}) SELECT t.release_id, t.id, t.recipient_id, '', %s, "
                        f"%s, {queued} FROM {tgt} t WHERE {where} ON CONFLICT DO NOTHING",
                        [Channel.VOICE, new, *qparams, *wparams])
            cur.execute(f"INSERT INTO {ev} (release_id, target_id, delivery_id, kind, at, actor_id, detail) "
                        f"SELECT t.release_id, t.id, NULL, %s, %s, NULL, %s FROM {tgt} t WHERE {where}",
                        [EventKind.REDIAL, at, _("第%(n)s次语音呼叫") % {"n": new}, *wparams])
            return len(moved), {rel for _pk, rel in moved}
        # the 未叫应 report: the person's superior, and the duty officers on duty now for the release's region
        queued_for = set()
        if policy.notify_superior:
            cur.execute(f"INSERT INTO {dl} ({DELIVERY_COLUMNS}) SELECT t.release_id, t.id, r.superior_id, '', %s, "
                        f"%s, {queued} FROM {tgt} t JOIN {rec} r ON r.id = t.recipient_id "
                        f"WHERE {where} AND r.superior_id IS NOT NULL ON CONFLICT DO NOTHING RETURNING release_id",
                        [Channel.SMS, ROUND_SUPERIOR, *qparams, *wparams])
            queued_for |= {rel for (rel,) in cur.fetchall()}
        phones = []
        if policy.notify_duty:
            if region.pk not in duty:
                from yingji.platform.core.oncall import on_duty

                duty[region.pk] = on_duty(now, region=region)
            phones = [(i, person.phone) for i, person in enumerate(duty[region.pk]) if person.phone]
        for i, phone in phones:
            cur.execute(f"INSERT INTO {dl} ({DELIVERY_COLUMNS}) SELECT t.release_id, t.id, NULL, %s, %s, %s, "
                        f"{queued} FROM {tgt} t WHERE {where} ON CONFLICT DO NOTHING",
                        [phone, Channel.SMS, ROUND_DUTY + i, *qparams, *wparams])
        if phones:
            queued_for |= {rel for _pk, rel in moved}
        detail = _("未叫应，已通知上级责任人和值班员（%(n)s条）")
        with_superior, without = (detail % {"n": len(phones) + 1}, detail % {"n": len(phones)})
        if not policy.notify_superior:
            with_superior = without
        cur.execute(f"INSERT INTO {ev} (release_id, target_id, delivery_id, kind, at, actor_id, detail) "
                    f"SELECT t.release_id, t.id, NULL, %s, %s, NULL, "
                    f"CASE WHEN r.superior_id IS NOT NULL THEN %s ELSE %s END "
                    f"FROM {tgt} t JOIN {rec} r ON r.id = t.recipient_id WHERE {where}",
                    [EventKind.ESCALATED, at, with_superior, without, *wparams])
        return len(moved), queued_for


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
