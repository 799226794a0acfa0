from django.db.models import Count, Q

from .choices import ResponseState, StepState
from .models import EmergencyResponse, ForecastStep


def active_responses(request):
    """Responses in force (with their open checklist items) and forecast steps waiting for a person."""
    user = request.user
    rows = list(EmergencyResponse.objects.restrict(user).active_now().select_related("region")
                .annotate(open_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True)))
                .order_by("level", "-started_at")[:8])
    steps = list(ForecastStep.objects.restrict(user).active().filter(state=StepState.PREPARED)
                 .select_related("warning", "warning__region").order_by("due_at")[:8])
    if not rows and not steps:
        return None
    return {"rows": rows, "steps": steps, "state": ResponseState}
