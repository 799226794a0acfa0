"""Home-page widgets: batches expiring or due for maintenance; teams on standby and free shelter places."""

import datetime

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from .choices import ShelterStatus, TeamStatus
from .models import RescueTeam, Shelter, Stock

DUE_DAYS = 30
WIDGET_ROWS = 10


def due_stock(user, today=None):
    """Batches in scope with stock that expire, or are due for maintenance, within DUE_DAYS (or are overdue)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=DUE_DAYS)
    return (Stock.objects.restrict(user).filter(on_hand__gt=0, warehouse__voided_at__isnull=True)
            .filter(Q(expires_on__lte=horizon) | Q(next_maintenance_on__lte=horizon)))


def stock_due(request):
    today = timezone.localdate()
    qs = due_stock(request.user, today)
    rows = list(qs.select_related("warehouse", "item").order_by(F("expires_on").asc(nulls_last=True),
                                                                 "next_maintenance_on", "pk")[:WIDGET_ROWS])
    count = qs.count() if len(rows) == WIDGET_ROWS else len(rows)
    return {"rows": rows, "count": count, "today": today, "days": DUE_DAYS}


def resources_ready(request):
    user = request.user
    teams = RescueTeam.objects.restrict(user).active().aggregate(
        n=Count("pk"), standby=Count("pk", filter=Q(status=TeamStatus.STANDBY)),
        deployed=Count("pk", filter=Q(status=TeamStatus.DEPLOYED)))
    shelters = Shelter.objects.restrict(user).active().aggregate(
        n=Count("pk"), open=Count("pk", filter=Q(status=ShelterStatus.OPEN)), people=Sum("occupancy"),
        capacity=Sum("capacity"))
    if not teams["n"] and not shelters["n"]:
        return None
    return {"teams": teams, "shelters": shelters}
