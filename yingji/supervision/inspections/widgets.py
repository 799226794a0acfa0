"""Home-page (工作台) widget: this year's inspection plan and how far it is done."""

from django.utils import timezone

from .models import InspectionPlan
from .services import plan_progress


def plan_widget(request):
    plans = list(InspectionPlan.objects.restrict(request.user).active().filter(year=timezone.localdate().year)
                 .select_related("region").order_by("region__code")[:3])
    if not plans:
        return None
    return {"plans": [(plan, plan_progress(plan)) for plan in plans]}


ENTERPRISE_ROWS = 20


def enterprise_inspections(user, enterprise):
    """The enterprise page's 监督检查 section: its latest inspection records within the user's scope."""
    from .models import Inspection
    from .tables import InspectionTable

    rows = (Inspection.objects.restrict(user).active().filter(enterprise=enterprise)
            .select_related("enterprise", "region", "campaign").prefetch_related("inspectors")
            .order_by("-inspected_on", "-pk")[:ENTERPRISE_ROWS])
    return InspectionTable(rows, orderable=False, exclude=("enterprise", "sector"))
