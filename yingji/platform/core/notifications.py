"""Notifications: what this person must act on, contributed by each app (a registry, like the 工作台 widgets).

A source is a function `fn(user) -> list[Notice]` registered in the app's AppConfig.ready()::

    from yingji.platform.core import notifications

    notifications.register("hazards.accept", _("隐患待验收"), hazards_awaiting_acceptance,
                           perm="hazards.approve_hazard", order=10)

It reads through `restrict()` (the records the user may act on), in a constant number of queries (one or two, never
one per record) and returns at most `LIMIT` notices. A notice's `key` names the thing and its version (a hazard
resubmitted after a rejection is a new notice: its key carries the submission time), so that "read" is stored per
user and per key (`NotificationRead`) and a notice already read stays read. A notice stops being listed when the
thing is done (the hazard accepted, the 叫应 given): notifications are computed, never written by the sources.

The top bar loads the unread count after the page (`hx-get` of `notifications:count`), so no page pays for the
sources; the count view and the page cost one query per source plus one for the read marks, whatever the number of
notices (tests/test_notifications.py counts them).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

LIMIT = 50  # notices per source: the count reads "50+" beyond it

LEVELS = {"danger": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Notice:
    key: str  # stable per thing and version, e.g. "hazards.accept:12:20261204081500123456"
    text: str  # one line: what, of which record
    url: str  # where to act on it
    due: object = None  # a date or datetime by which to act (None: as soon as possible)
    at: object = None  # when it arose (a datetime or date)
    level: str = "info"  # danger (overdue, escalated), warning (due soon), info
    source: str = ""  # filled by for_user(): the source's key
    label: str = ""  # filled by for_user(): the source's label

    @property
    def overdue(self):
        return self.due is not None and _as_datetime(self.due) < timezone.now()


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    fn: Callable
    perm: object = None  # a permission name, a callable (user) -> bool, or None
    order: int = 100


_sources = {}


def register(key, label, fn, perm=None, order=100):
    _sources[key] = Source(key, label, fn, perm, order)


def sources():
    return sorted(_sources.values(), key=lambda s: (s.order, s.key))


def _allowed(source, user):
    if source.perm is None:
        return True
    return source.perm(user) if callable(source.perm) else user.has_perm(source.perm)


def _as_datetime(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def urgency(notice):
    """Sort key: the most urgent first — by deadline (overdue ones first, as they are earliest), then level, then
    the oldest first; a notice without a deadline comes after those with one of the same level."""
    due = _as_datetime(notice.due)
    at = _as_datetime(notice.at)
    return (due is None, due or at or timezone.now(), LEVELS.get(notice.level, 9), at or timezone.now())


@dataclass
class Inbox:
    notices: list = field(default_factory=list)
    read: set = field(default_factory=set)
    truncated: bool = False

    @property
    def unread(self):
        return [n for n in self.notices if n.key not in self.read]

    @property
    def unread_count(self):
        return len(self.unread)


def for_user(user):
    """The user's Inbox: every notice of every source he may see, most urgent first, with his read marks."""
    from .models import NotificationRead

    notices, truncated = [], False
    if not user.is_authenticated:
        return Inbox()
    for source in sources():
        if not _allowed(source, user):
            continue
        found = list(source.fn(user) or [])
        truncated |= len(found) >= LIMIT
        notices += [_labelled(n, source) for n in found[:LIMIT]]
    keys = [n.key for n in notices]
    read = set(NotificationRead.objects.filter(user=user, key__in=keys).values_list("key", flat=True)) if keys \
        else set()
    notices.sort(key=urgency)
    return Inbox(notices, read, truncated)


def _labelled(notice, source):
    from dataclasses import replace

    return replace(notice, source=source.key, label=source.label)


def mark_read(user, keys):
    """Mark the notices `keys` read for `user` (idempotent); returns how many were newly marked."""
    from .models import NotificationRead

    keys = {k for k in keys if k and len(k) <= NotificationRead._meta.get_field("key").max_length}
    if not keys:
        return 0
    have = set(NotificationRead.objects.filter(user=user, key__in=keys).values_list("key", flat=True))
    new = [NotificationRead(user=user, key=k) for k in sorted(keys - have)]
    NotificationRead.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
