from .choices import ACTIVE_STATES
from .models import Alarm

WIDGET_ROWS = 8


def open_alarms(request):
    """The open alarms in the user's scope, highest level and newest first (the duty officer's 工作台)."""
    qs = Alarm.objects.restrict(request.user).active().filter(state__in=ACTIVE_STATES)
    rows = list(qs.select_related("sensor", "station").order_by("-level", "-triggered_at", "-pk")[:WIDGET_ROWS])
    count = qs.count() if len(rows) == WIDGET_ROWS else len(rows)
    return {"rows": rows, "count": count}
