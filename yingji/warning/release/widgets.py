from django.db.models import Count, Q

from .choices import TargetState
from .models import Release

ROWS = 8


def awaiting_confirmation(request):
    """Releases in the user's scope with people who have not confirmed (叫应) yet, newest first."""
    qs = (Release.objects.restrict(request.user).active().filter(confirm_required=True)
          .annotate(waiting=Count("targets", filter=Q(targets__confirmed_at__isnull=True)
                                  & ~Q(targets__state=TargetState.NOT_REQUIRED)),
                    escalated=Count("targets", filter=Q(targets__confirmed_at__isnull=True,
                                                        targets__state=TargetState.ESCALATED)))
          .filter(waiting__gt=0).order_by("-created_at", "-pk"))
    rows = list(qs[:ROWS])
    return {"rows": rows}
