"""Notifications (core/notifications.py) of the inspections: a double-random task to inspect, a record to review."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core.notifications import LIMIT, Notice

from .choices import DrawStatus
from .models import DrawItem, Inspection


def my_draw_items(user):
    """The enterprises a published 双随机 draw gave this inspector that no inspection record answers yet; the draw's
    campaign end is the deadline when it has one."""
    return list(DrawItem.objects.filter(
        inspectors=user, draw__status=DrawStatus.PUBLISHED, draw__voided_at__isnull=True)
        .filter(draw__in=_draws_in_scope(user))
        .annotate(done=Exists(Inspection.objects.active().filter(draw_item=OuterRef("pk"))))
        .filter(done=False).select_related("draw", "draw__campaign", "enterprise")
        .order_by("draw__drawn_on", "draw_id", "position")[:LIMIT])


def _draws_in_scope(user):
    from .models import Draw

    return Draw.objects.restrict(user).values("pk")


def draw_tasks(user):
    out = []
    for item in my_draw_items(user):
        campaign = item.draw.campaign
        out.append(Notice(key=f"inspections.draw:{item.pk}",
                          text=_("双随机抽查“%(draw)s”：检查 %(enterprise)s") % {"draw": item.draw.title,
                                                                        "enterprise": item.enterprise.name},
                          url=item.enterprise.get_absolute_url(), due=campaign.end_date if campaign else None,
                          at=item.draw.drawn_on, level="info"))
    return out


REVIEW_DAYS = 60  # older unreviewed records stay in the ledger (its 待审核 filter), not in the notifications


def awaiting_review(user):
    """监督检查记录待审核: the records of the last REVIEW_DAYS days this user may review (审核), the oldest first."""
    since = timezone.localdate() - datetime.timedelta(days=REVIEW_DAYS)
    rows = (Inspection.objects.restrict(user, "approve").active()
            .filter(reviewed_at__isnull=True, inspected_on__gte=since)
            .select_related("enterprise").order_by("inspected_on", "pk")[:LIMIT])
    return [Notice(key=f"inspections.review:{i.pk}", text=_("%(inspection)s：检查记录待审核") % {"inspection": i},
                   url=i.get_absolute_url(), at=i.inspected_on, level="info") for i in rows]
