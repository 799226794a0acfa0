"""Notifications (core/notifications.py) of the releases: a warning this person must acknowledge (叫应)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.platform.core.notifications import LIMIT, Notice

from .choices import TargetState
from .models import Target
from .services import confirm_token


def my_acknowledgements(user):
    """预警待叫应: the releases that reached this user (a 接收人 linked to his account) and wait for his 叫应; the
    link is the one of his message (the signed token), so he acknowledges in one click. Escalated ones first."""
    rows = (Target.objects.filter(recipient__user=user, confirmed_at__isnull=True, release__voided_at__isnull=True,
                                  state__in=(TargetState.WAITING, TargetState.ESCALATED))
            .select_related("release").order_by("-escalated_at", "release__created_at", "pk")[:LIMIT])
    return [Notice(key=f"release.ack:{t.pk}",
                   text=_("%(release)s：请叫应") % {"release": t.release.title},
                   url=reverse("release:confirm_link", args=[confirm_token(t.pk)]),
                   due=t.next_action_at, at=t.release.created_at,
                   level="danger" if t.state == TargetState.ESCALATED else "warning") for t in rows]
