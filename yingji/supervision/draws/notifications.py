"""Notifications (core/notifications.py) of the draws: an enterprise a published draw gave this inspector to inspect.

The notice keys keep their first name (inspections.draw:…), so the read marks of existing users stay valid."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from yingji.platform.core.notifications import LIMIT, Notice
from yingji.supervision.inspections.models import Inspection

from .choices import DrawStatus
from .models import Draw, DrawItem


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
