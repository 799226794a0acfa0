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
