"""Who is on duty now: one question with one answer for the whole system.

The command domain's duty roster (yingji/command/duty) provides the answer; the home page, the 带班 card, the
incident form and the warning domain's 叫应 escalation ask it here, so no domain imports another. With no
provider registered (a bureau that does not use the roster) the answer is an empty list, and callers say so.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


@dataclass(frozen=True)
class OnDuty:
    user_id: int | None  # the account on shift, when the person has one
    name: str
    phone: str  # unmasked: callers mask it for display (core.privacy) and never log it
    post: str  # the duty post's code (e.g. "officer", "leader", "technical")
    post_label: str  # 值班员, 带班领导, 技术值班 …
    region_id: int  # the region whose duty this is (the bureau's county, or a township's)
    start: datetime
    end: datetime


_provider = None


def provide(fn):
    """Register fn(at, region, post) -> [OnDuty]; the duty app calls this once in its AppConfig.ready()."""
    global _provider
    _provider = fn
    return fn


def on_duty(at=None, *, region=None, post=None):
    """The people on shift at `at` (default now) for `region` (a Region, or None for every region), optionally
    only one post, ordered by post. Escalation asks this at the moment it escalates, never from a cached list."""
    if _provider is None:
        return []
    return list(_provider(at or timezone.now(), region, post))
