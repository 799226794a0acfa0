"""Notifications (core/notifications.py) of the inspections: a record to review (a draw's task: draws)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core.notifications import LIMIT, Notice

from .models import Inspection

REVIEW_DAYS = 60  # older unreviewed records stay in the ledger (its 待审核 filter), not in the notifications


def awaiting_review(user):
    """监督检查记录待审核: the records of the last REVIEW_DAYS days this user may review (审核), the oldest first."""
    since = timezone.localdate() - datetime.timedelta(days=REVIEW_DAYS)
    rows = (Inspection.objects.restrict(user, "approve").active()
            .filter(reviewed_at__isnull=True, inspected_on__gte=since)
            .select_related("enterprise").order_by("inspected_on", "pk")[:LIMIT])
    return [Notice(key=f"inspections.review:{i.pk}", text=_("%(inspection)s：检查记录待审核") % {"inspection": i},
                   url=i.get_absolute_url(), at=i.inspected_on, level="info") for i in rows]
