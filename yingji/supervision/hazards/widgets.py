from .models import Hazard

WIDGET_ROWS = 10


def overdue_hazards(request):
    """Overdue hazards in the user's scope, most overdue first (the 工作台 of those responsible)."""
    qs = Hazard.objects.restrict(request.user).active().overdue()
    mine = qs.filter(enterprise__liaison=request.user)
    # the enterprises he is 包保责任人 of come first
    rows = list(mine.select_related("enterprise").order_by("deadline", "pk")[:WIDGET_ROWS])
    if len(rows) < WIDGET_ROWS:
        rows += list(qs.exclude(enterprise__liaison=request.user).select_related("enterprise")
                     .order_by("deadline", "pk")[:WIDGET_ROWS - len(rows)])
    count = qs.count() if len(rows) == WIDGET_ROWS else len(rows)
    return {"rows": rows, "count": count, "mine": mine.count() if rows else 0, "user": request.user}


def awaiting_acceptance(request):
    """隐患待验收: hazards rectified and submitted for acceptance that this user may accept (验收销号), the longest
    waiting first; the ones he found are marked."""
    from .choices import HazardState

    qs = Hazard.objects.restrict(request.user, "approve").active().filter(state=HazardState.AWAITING_ACCEPTANCE)
    rows = list(qs.select_related("enterprise").order_by("submitted_at", "pk")[:WIDGET_ROWS])
    count = qs.count() if len(rows) == WIDGET_ROWS else len(rows)
    return {"rows": rows, "count": count, "user": request.user}


ENTERPRISE_ROWS = 200


def enterprise_hazards(user, enterprise):
    """The enterprise page's hazard section: its latest hazards in the user's scope."""
    from .tables import HazardTable

    rows = (Hazard.objects.restrict(user).active().filter(enterprise=enterprise).select_related("enterprise", "region")
            .order_by("-found_on", "-pk")[:ENTERPRISE_ROWS])
    return HazardTable(rows, orderable=False, exclude=("enterprise", "region"))
