"""Home-page card: the reporting duties still to do, soonest first, overdue ones marked."""

from django.utils import timezone

from .models import ReportDeadline


def reports_due(request):
    rows = list(ReportDeadline.objects.restrict(request.user).open().filter(cancelled=False)
                .select_related("incident").order_by("due_at")[:8])
    if not rows:
        return None
    return {"rows": rows, "now": timezone.now()}
