"""Sending: claim due deliveries with a lease, reconcile unknown outcomes, send, record; pull receipts.

Exactly once per (target, channel, round):
1. claim — one UPDATE … WHERE id IN (SELECT … LIMIT n [FOR UPDATE SKIP LOCKED on PostgreSQL]) moves due rows
   (`queued` and due, or `sending` with an expired lease) to `sending` with this worker's lease; `uncertain` is set
   on rows that were already `sending` (their worker died or timed out after handing them to the gateway);
2. reconcile — uncertain rows are looked up at the gateway by their idempotency key; the ones it holds are recorded
   as sent without sending them again;
3. send — the rest go out in one batch; each result is written back only while this worker still holds the lease;
   a temporary failure puts the row back with back-off, a permanent one fails it, an unknown outcome leaves it
   `sending` with an expired lease, so the next claim reconciles it.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import channels as transports
from .choices import ROUND_DUTY, ROUND_RELEASE, ROUND_SUPERIOR, DeliveryStatus, EventKind, ReleaseStatus
from .models import Delivery, Recipient, Release, ReleaseEvent, Target, db_datetime

log = logging.getLogger("yingji.release")
MAX_ATTEMPTS = 8


def lease_seconds():
    return float(getattr(settings, "YINGJI_RELEASE_LEASE_SECONDS", 30))


def backoff(attempts):
    """Seconds before the next try after `attempts` tries: base, 2×base, 4×base … (base 2 s) at most 5 minutes."""
    base = float(getattr(settings, "YINGJI_RELEASE_BACKOFF_SECONDS", 2))
    return min(base * 2 ** (max(attempts, 1) - 1), 300)


def claim(channel, limit, owner, now=None, release_id=None):
    """Claim up to `limit` due deliveries of `channel`; returns [(id, uncertain)]. Rows left `sending` by a worker
    whose lease ran out come first (to be reconciled), then queued rows by due time; each kind is one conditional
    UPDATE over its own partial index (release_delivery_leased, release_delivery_queued), so a claim reads only open
    rows of its channel however many have been sent."""
    now = now or timezone.now()
    lease = now + datetime.timedelta(seconds=lease_seconds())
    with transaction.atomic():
        rows = _claim(channel, limit, owner, lease, release_id, "d.status = 'sending' AND d.lease_until < %s",
                      "d.lease_until, d.id", now)
        if len(rows) < limit:
            rows += _claim(channel, limit - len(rows), owner, lease, release_id,
                           "d.status = 'queued' AND d.next_try_at <= %s", "d.next_try_at, d.id", now)
    return [(pk, bool(u)) for pk, u in rows]


def _claim(channel, limit, owner, lease, release_id, due, order, now):
    table, tgt = Delivery._meta.db_table, Target._meta.db_table
    # a confirmed person's 叫应 rounds are never sent (confirm_target cancels them; this covers a claim racing it)
    where = (f"d.channel = %s AND {due} AND NOT (d.round > 0 AND EXISTS "
             f"(SELECT 1 FROM {tgt} t WHERE t.id = d.target_id AND t.confirmed_at IS NOT NULL))")
    params = [channel, db_datetime(now)]
    if release_id is not None:
        where += " AND d.release_id = %s"
        params.append(release_id)
    if connection.vendor == "postgresql":
        # ARRAY(…) runs the locking sub-select exactly once (an IN (…) may be planned as a loop that runs it per row)
        chosen = f"= ANY(ARRAY(SELECT d.id FROM {table} d WHERE {where} ORDER BY {order} LIMIT %s FOR UPDATE SKIP LOCKED))"
    else:  # SQLite: the IMMEDIATE transaction serialises writers
        chosen = f"IN (SELECT d.id FROM {table} d WHERE {where} ORDER BY {order} LIMIT %s)"
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {table} SET uncertain = (status = 'sending'), status = 'sending', lease_until = %s, "
            f"lease_owner = %s, attempts = attempts + 1 WHERE id {chosen} RETURNING id, uncertain",
            [db_datetime(lease), owner, *params, limit])
        return cur.fetchall()


def _texts(deliveries):
    """The text and address of each claimed delivery: the release text, a 叫应 call, or a 未叫应 notice; in Chinese
    even when a page's request sends them (immediate tasks)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _texts_in_language(deliveries)


def _texts_in_language(deliveries):
    from .services import confirm_token

    releases = {r.pk: r for r in Release.objects.filter(pk__in={d.release_id for d in deliveries})}
    people = {r.pk: r for r in Recipient.objects.filter(
        pk__in={d.recipient_id for d in deliveries} | {d.target.recipient_id for d in deliveries}).only(
        "id", "name", "phone", "email", "terminal", "user_id")}
    base = getattr(settings, "YINGJI_PUBLIC_URL", "").rstrip("/")
    out = []
    for d in deliveries:
        release = releases[d.release_id]
        person = people.get(d.recipient_id)
        if d.channel == "email":
            to = person.email
        elif d.channel == "broadcast":
            to = person.terminal
        elif d.channel == "app":
            to = f"user:{person.user_id}"
        else:
            to = d.address or person.phone
        if d.round == ROUND_RELEASE:
            text = f"【{release.get_level_display()}预警】{release.text}"
            if release.confirm_required and d.channel != "broadcast":
                text += _("（请回复1确认收到）")
                if base:
                    text += f" {base}/release/c/{confirm_token(d.target_id)}/"
        elif d.round < ROUND_SUPERIOR:
            text = _("【叫应】%(title)s。请按1确认收到。") % {"title": release.title}
        else:
            who = people.get(d.target.recipient_id)
            text = _("【未叫应】%(name)s尚未确认收到“%(title)s”，请立即联系督促。") % {
                "name": who.name if who else "", "title": release.title}
        out.append(transports.Outgoing(str(d.pk), d.channel, to or "", text))
    return out


def _finish(ids, owner, **fields):
    """Write an outcome only for rows this worker still holds."""
    if ids:
        models.QuerySet(Delivery).filter(pk__in=ids, lease_owner=owner, status=DeliveryStatus.SENDING).update(**fields)


def process(channel, claimed, owner, now=None):
    """Reconcile, send and record one claimed batch. Returns the number of rows settled."""
    if not claimed:
        return 0
    transport = transports.transport(channel)
    ids = [pk for pk, _u in claimed]
    deliveries = list(Delivery.objects.filter(pk__in=ids).select_related("target"))
    by_id = {d.pk: d for d in deliveries}
    uncertain = [str(pk) for pk, u in claimed if u]
    settled = 0
    sent_ids, failed = [], {}
    if uncertain:
        try:
            found = transport.query(uncertain)
        except (transports.TemporaryError, transports.UnknownOutcome) as e:
            # cannot ask now: leave them to the next claim, never send blind
            _finish([int(k) for k in uncertain], owner, lease_until=timezone.now())
            log.warning("reconcile of %s %s deliveries postponed: %s", len(uncertain), channel, e)
            found, ids = {}, [pk for pk, u in claimed if not u]
            uncertain = []
        if found is not None:
            for key, result in found.items():
                (sent_ids.append(int(key)) if result.ok else failed.setdefault(result.error, []).append(int(key)))
            known = {int(k) for k in found}
            ids = [pk for pk in ids if pk not in known]
    to_send = [by_id[pk] for pk in ids if pk in by_id]
    outgoing = [m for m in _texts(to_send)] if to_send else []
    missing = [m for m in outgoing if not m.to]
    for m in missing:
        failed.setdefault(_("无有效地址"), []).append(int(m.key))
    outgoing = [m for m in outgoing if m.to]
    retry = []
    if outgoing:
        try:
            results = transport.send(outgoing)
        except transports.TemporaryError as e:
            retry = [(int(m.key), str(e)) for m in outgoing]
        except transports.UnknownOutcome as e:
            log.warning("unknown outcome of %s %s deliveries: %s", len(outgoing), channel, e)
            _finish([int(m.key) for m in outgoing], owner, lease_until=timezone.now())
        else:
            for r in results:
                (sent_ids.append(int(r.key)) if r.ok else failed.setdefault(r.error or _("发送失败"), []).append(
                    int(r.key)))
    now = timezone.now()
    with transaction.atomic():
        _finish(sent_ids, owner, status=DeliveryStatus.SENT, sent_at=now, lease_until=None, error="")
        settled += len(sent_ids)
        events = []
        for error, keys in failed.items():
            _finish(keys, owner, status=DeliveryStatus.FAILED, lease_until=None, error=error[:200])
            settled += len(keys)
            events += [ReleaseEvent(release_id=by_id[k].release_id, target_id=by_id[k].target_id, delivery_id=k,
                                    kind=EventKind.FAILED, at=now, detail=error[:300]) for k in keys if k in by_id]
        # a batch refused for the moment: one UPDATE per number of tries so far (they share the back-off)
        by_attempts = {}
        for pk, error in retry:
            by_attempts.setdefault((by_id[pk].attempts, error), []).append(pk)
        for (attempts, error), pks in by_attempts.items():
            if attempts >= MAX_ATTEMPTS:
                _finish(pks, owner, status=DeliveryStatus.FAILED, lease_until=None,
                        error=_("多次临时失败：%(e)s") % {"e": error[:150]})
                events += [ReleaseEvent(release_id=by_id[pk].release_id, target_id=by_id[pk].target_id,
                                        delivery_id=pk, kind=EventKind.FAILED, at=now, detail=error[:300])
                           for pk in pks]
            else:
                _finish(pks, owner, status=DeliveryStatus.QUEUED, lease_until=None, error=error[:200],
                        next_try_at=now + datetime.timedelta(seconds=backoff(attempts)))
        ReleaseEvent.objects.bulk_create(events)
    return settled


def pump(*, release_id=None, owner=None, max_seconds=None, idle_rounds=1):
    """Send everything due (of one release, or of all) until nothing is left or `max_seconds` passed."""
    owner = owner or uuid.uuid4().hex[:16]
    started = timezone.now()
    total = 0
    idle = 0
    while True:
        did = 0
        for channel in transports.ALL:
            transport = transports.transport(channel)
            claimed = claim(channel, transport.batch, owner, release_id=release_id)
            if claimed:
                did += len(claimed)
                total += process(channel, claimed, owner)
        if release_id is not None:
            models.QuerySet(Release).filter(pk=release_id).update(heartbeat_at=timezone.now())
        if not did:
            idle += 1
            if idle >= idle_rounds:
                break
        else:
            idle = 0
        if max_seconds is not None and (timezone.now() - started).total_seconds() > max_seconds:
            break
    finish_releases()
    return total


def finish_releases(now=None):
    """Mark 已发完 the sending releases with no round-0 delivery still queued or sending."""
    now = now or timezone.now()
    open_ids = list(Release.objects.filter(status=ReleaseStatus.SENDING).values_list("pk", flat=True))
    done = []
    for pk in open_ids:
        busy = Delivery.objects.filter(release_id=pk, round=ROUND_RELEASE,
                                       status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]).exists()
        if not busy:
            if models.QuerySet(Release).filter(pk=pk, status=ReleaseStatus.SENDING).update(
                    status=ReleaseStatus.FINISHED, finished_at=now):
                done.append(ReleaseEvent(release_id=pk, kind=EventKind.FINISHED, at=now))
    ReleaseEvent.objects.bulk_create(done)
    return len(done)


def apply_receipts(receipts, now=None):
    """Delivery reports and replies from a gateway: delivered / undeliverable / reply / keypress."""
    from django.core.exceptions import ValidationError

    from .choices import ConfirmMethod
    from .services import confirm_by_delivery

    now = now or timezone.now()
    delivered = [int(r.key) for r in receipts if r.kind == "delivered" and r.key.isdigit()]
    bad = [int(r.key) for r in receipts if r.kind == "undeliverable" and r.key.isdigit()]
    if delivered:
        models.QuerySet(Delivery).filter(pk__in=delivered, status__in=[DeliveryStatus.SENT, DeliveryStatus.SENDING]
                                         ).update(status=DeliveryStatus.DELIVERED, delivered_at=now, lease_until=None)
    if bad:
        models.QuerySet(Delivery).filter(pk__in=bad, status__in=[DeliveryStatus.SENT, DeliveryStatus.SENDING]
                                         ).update(status=DeliveryStatus.FAILED, error=_("未送达（运营商回执）"))
    n = 0
    for r in receipts:
        if r.kind in ("reply", "keypress") and r.key.isdigit():
            method = ConfirmMethod.KEYPRESS if r.kind == "keypress" else ConfirmMethod.REPLY
            try:
                n += bool(confirm_by_delivery(int(r.key), method=method, value=r.value, at=now))
            except ValidationError:
                pass  # a reply on someone else's notice: recorded as 拒绝的确认, not a 叫应
    return len(delivered) + len(bad) + n


def poll_receipts(now=None):
    """Pull receipts from every distinct configured transport, keeping each one's cursor in the database."""
    from .models import GatewayCursor

    total = 0
    seen = set()
    for channel in transports.ALL:
        t = transports.transport(channel)
        if id(t) in seen:
            continue
        seen.add(id(t))
        name = f"{type(t).__name__}:{getattr(t, 'host', '')}:{getattr(t, 'port', '')}:{channel}"
        if isinstance(t, transports.HttpGatewayTransport):
            # one gateway serves several channels: one cursor per gateway address
            name = f"http:{t.host}:{t.port}{t.prefix}"
            if name in seen:
                continue
            seen.add(name)
        cursor, _ = GatewayCursor.objects.get_or_create(name=name[:100])
        try:
            items, last = t.receipts(cursor.position)
        except (transports.TemporaryError, transports.UnknownOutcome) as e:
            log.warning("receipts of %s unavailable: %s", name, e)
            continue
        if items:
            with transaction.atomic():
                total += apply_receipts(items, now)
                models.QuerySet(GatewayCursor).filter(pk=cursor.pk, position=cursor.position).update(position=last)
    return total


__all__ = ["claim", "process", "pump", "poll_receipts", "apply_receipts", "finish_releases", "worker_loop", "ROUND_DUTY"]


def worker_loop(*, idle_sleep=0.2, stop=lambda: False, receipts_every=2.0):
    """A sending loop for a dedicated process (`yingji release-worker`): claim and send whatever is due on every
    channel, pull receipts now and then. Safe to run many at once and to kill at any moment."""
    import time

    from django.db import close_old_connections

    owner = uuid.uuid4().hex[:16]
    last_receipts = 0.0
    while not stop():
        try:
            n = pump(owner=owner, max_seconds=30)
            if time.monotonic() - last_receipts > receipts_every:
                last_receipts = time.monotonic()
                poll_receipts()
        except Exception:  # a database hiccup: log, reconnect, go on
            log.exception("release worker round failed")
            close_old_connections()
            n = 0
        if not n:
            time.sleep(idle_sleep)
