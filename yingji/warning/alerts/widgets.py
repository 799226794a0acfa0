"""The 工作台 card: the warnings waiting for this user (审核, 签发, 发布, 转发) and those in force now."""

from django.db.models import Count, Q

from .choices import WarningState
from .models import Warning

ROWS = 8
DUE = (  # (state, the permission it waits for)
    (WarningState.PENDING_REVIEW, "review"),
    (WarningState.PENDING_SIGN, "sign"),
    (WarningState.SIGNED, "publish"),
    (WarningState.RECEIVED, "forward"),
)


def warnings_due(request):
    user = request.user
    waiting = []
    for state, action in DUE:
        if user.has_perm(f"alerts.{action}_warning"):
            waiting.append(state)
    qs = Warning.objects.restrict(user).active()
    counts = qs.aggregate(due=Count("pk", filter=Q(state__in=waiting)) if waiting else Count("pk", filter=Q(pk=None)),
                          in_force=Count("pk", filter=Q(pk__in=qs.in_force().values("pk"))))
    rows = list(qs.filter(state__in=waiting).select_related("region").order_by("created_at", "pk")[:ROWS]) \
        if waiting else []
    active = list(qs.in_force().select_related("region").order_by("-sent", "-pk")[:ROWS])
    if not rows and not active:
        return None
    return {"rows": rows, "due": counts["due"], "active": active, "in_force": counts["in_force"]}
