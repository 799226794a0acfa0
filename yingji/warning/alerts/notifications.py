"""Notifications (core/notifications.py) of the warnings: a warning waiting for this user's step."""

from django.utils.translation import gettext as _

from yingji.platform.core.notifications import LIMIT, Notice

from .models import Warning
from .widgets import DUE


def warnings_due(user):
    """预警待办: warnings in a state that waits for a step this user may take (审核, 签发, 发布, 转发), oldest first."""
    states = {state: action for state, action in DUE if user.has_perm(f"alerts.{action}_warning")}
    if not states:
        return []
    rows = (Warning.objects.restrict(user).active().filter(state__in=list(states)).select_related("region")
            .order_by("created_at", "pk")[:LIMIT])
    return [Notice(key=f"alerts.due:{w.pk}:{w.state}",
                   text=_("%(warning)s：%(state)s") % {"warning": w, "state": w.get_state_display()},
                   url=w.get_absolute_url(), at=w.created_at, level="warning") for w in rows]
