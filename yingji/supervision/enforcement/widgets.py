"""The home page (工作台) widget of overdue cases and the enterprise page's sections (一企一档)."""

from .models import EnforcementCase, Measure

WIDGET_ROWS = 10
ENTERPRISE_ROWS = 200


def overdue_cases(request):
    """Cases in the user's scope whose time limit (决定、送达、缴纳) has passed, most overdue first."""
    qs = EnforcementCase.objects.restrict(request.user).active().overdue()
    rows = list(qs.select_related("enterprise").order_by("due_on", "pk")[:WIDGET_ROWS])
    count = qs.count() if len(rows) == WIDGET_ROWS else len(rows)
    return {"rows": rows, "count": count}


def enterprise_cases(user, enterprise):
    from .tables import EnforcementCaseTable
    from .views import case_list_queryset

    rows = (case_list_queryset().restrict(user).active().filter(enterprise=enterprise)
            .order_by("-filed_on", "-pk")[:ENTERPRISE_ROWS])
    return EnforcementCaseTable(rows, orderable=False, exclude=("enterprise",))


def enterprise_measures(user, enterprise):
    from .tables import MeasureTable

    rows = (Measure.objects.restrict(user).active().filter(enterprise=enterprise)
            .select_related("enterprise", "department", "case").order_by("-date", "-pk")[:ENTERPRISE_ROWS])
    return MeasureTable(rows, orderable=False, exclude=("enterprise",))
