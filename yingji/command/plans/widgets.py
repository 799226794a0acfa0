"""The home page (工作台) card of plans that owe a drill or an evaluation: overdue first, then those due within
DUE_SOON_DAYS; the plans of the user's own unit come first."""

import datetime

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from .models import Plan

WIDGET_ROWS = 10
DUE_SOON_DAYS = 60


def plans_due(request):
    user = request.user
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    qs = Plan.objects.restrict(user).in_force(today).filter(Q(drill_due__lte=soon) | Q(evaluation_due__lte=soon))
    own = Q(owner_id=user.organisation_id) if getattr(user, "organisation_id", None) else Q(pk__in=[])
    rows = list(qs.select_related("owner").annotate(mine=Case(When(own, then=Value(0)), default=Value(1),
                                                              output_field=IntegerField()))
                .order_by("mine", "drill_due", "evaluation_due", "pk")[:WIDGET_ROWS])
    for plan in rows:
        plan.drill_state = _state(plan.drill_due, today, soon)
        plan.evaluation_state = _state(plan.evaluation_due, today, soon)
    counts = qs.aggregate(
        drill_overdue=_count(Q(drill_due__lt=today)), drill_soon=_count(Q(drill_due__gte=today, drill_due__lte=soon)),
        evaluation_overdue=_count(Q(evaluation_due__lt=today)))
    return {"rows": rows, "today": today, "days": DUE_SOON_DAYS, **counts, "user": user}


def _count(q):
    from django.db.models import Count

    return Count("pk", filter=q)


def _state(due, today, soon):
    if due is None or due > soon:
        return ""
    return "overdue" if due < today else "soon"
