from .models import Hazard

WIDGET_ROWS = 10


def overdue_hazards(request):
    """Overdue hazards in the user's scope, most overdue first (the 工作台 of those responsible)."""
    qs = Hazard.objects.restrict(request.user).active().overdue()
    rows = list(qs.select_related("enterprise").order_by("deadline", "pk")[:WIDGET_ROWS])
    count = qs.count() if len(rows) == WIDGET_ROWS else len(rows)
    return {"rows": rows, "count": count}
