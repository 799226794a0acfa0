"""Notifications (core/notifications.py) of the monitoring: an alarm nobody has acknowledged (确认) yet."""

from django.utils.translation import gettext as _

from yingji.platform.core.notifications import LIMIT, Notice

from .choices import AlarmState
from .models import Alarm


def unacknowledged_alarms(user):
    """报警待确认: firing alarms in the user's scope that he may acknowledge, highest level, then oldest first."""
    rows = (Alarm.objects.restrict(user, "change").active().filter(state=AlarmState.FIRING)
            .select_related("region").order_by("-level", "triggered_at", "pk")[:LIMIT])
    return [Notice(key=f"monitoring.alarm:{a.pk}",
                   text=_("%(region)s：%(message)s") % {"region": a.region.name, "message": a.message},
                   url=a.get_absolute_url(), at=a.triggered_at, level="danger") for a in rows]
