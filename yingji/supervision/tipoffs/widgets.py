from .models import Tipoff

WIDGET_ROWS = 10


def overdue_tipoffs(request):
    """Reports in the user's scope not verified within the deadline, the oldest deadline first."""
    qs = Tipoff.objects.restrict(request.user).active().overdue()
    rows = list(qs.select_related("enterprise").order_by("verify_deadline", "pk")[:WIDGET_ROWS])
    return {"rows": rows, "count": qs.count() if len(rows) == WIDGET_ROWS else len(rows)}
