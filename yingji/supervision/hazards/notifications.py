"""Notifications (core/notifications.py) of the hazards: what a person must act on."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core.models import is_external_user
from yingji.platform.core.notifications import LIMIT, Notice
from yingji.platform.regions.choices import Level

from .choices import HazardState
from .models import Hazard

DEADLINE_DAYS = 3  # a rectification deadline this close (or passed) is announced


def awaiting_acceptance(user):
    """隐患待验收: hazards submitted for acceptance (验收销号) that this user may accept, the longest waiting first.
    A hazard rejected and submitted again is a new notice (the key carries the submission time)."""
    rows = (Hazard.objects.restrict(user, "approve").active().filter(state=HazardState.AWAITING_ACCEPTANCE)
            .select_related("enterprise").order_by("submitted_at", "pk")[:LIMIT])
    out = []
    for h in rows:
        stamp = f"{h.submitted_at:%Y%m%d%H%M%S%f}" if h.submitted_at else ""
        mine = h.found_by_id == user.pk
        out.append(Notice(
            key=f"hazards.accept:{h.pk}:{stamp}",
            text=_("%(hazard)s：已整改，提交验收%(mine)s") % {"hazard": h, "mine": _("（我发现的）") if mine else ""},
            url=h.get_absolute_url(), due=None, at=h.submitted_at, level="warning"))
    return out


def _follows_all_in_scope(user):
    """An enterprise account and a township (village, grid) officer follow every hazard of their scope; a county
    officer the ones he found and those of the enterprises he is 包保责任人 of."""
    if is_external_user(user):
        return True
    region = getattr(user, "region", None)
    return region is not None and region.level in (Level.TOWNSHIP, Level.VILLAGE, Level.GRID)


def deadline_near(user):
    """整改期限临近或已过: open hazards not yet submitted, due within DEADLINE_DAYS days or overdue, most overdue
    first."""
    today = timezone.localdate()
    qs = (Hazard.objects.restrict(user, "change").active()
          .filter(state__in=(HazardState.PENDING, HazardState.IN_PROGRESS),
                  deadline__lte=today + datetime.timedelta(days=DEADLINE_DAYS)))
    if not _follows_all_in_scope(user):
        qs = qs.filter(Q(found_by=user) | Q(enterprise__liaison=user))
    out = []
    for h in qs.select_related("enterprise").order_by("deadline", "pk")[:LIMIT]:
        overdue = h.deadline < today
        if overdue:
            text = _("%(hazard)s：整改已逾期 %(n)s 天") % {"hazard": h, "n": (today - h.deadline).days}
        else:
            text = _("%(hazard)s：整改期限临近") % {"hazard": h}
        out.append(Notice(key=f"hazards.deadline:{h.pk}:{h.deadline.isoformat()}", text=text,
                          url=h.get_absolute_url(), due=h.deadline, at=None,
                          level="danger" if overdue else "warning"))
    return out
