"""Home-page (工作台) widget: the inspections due (the plan's progress widget: inspection_plans.widgets)."""

from django.utils import timezone

from yingji.supervision.inspection_plans.models import InspectionPlan, PlannedInspection

DUE_ROWS = 10


def inspections_due(request):
    """检查任务: the 双随机 enterprises drawn for this inspector and not inspected yet, then the enterprises of this
    year's plans whose planned inspections up to this month outnumber their inspections this year, the earliest
    planned month first (the same count as the plan's progress: inspection_plans.services.plan_progress)."""
    from django.db.models import Count, Min

    from yingji.supervision.draws.notifications import my_draw_items

    from .choices import DEPARTMENT_KINDS
    from .models import Inspection

    today = timezone.localdate()
    draws = my_draw_items(request.user)[:DUE_ROWS]
    plans = InspectionPlan.objects.restrict(request.user).active().filter(year=today.year)
    due = list(PlannedInspection.objects.filter(plan__in=plans.values("pk"), month__lte=today.month)
               .values("enterprise_id").annotate(n=Count("pk"), first=Min("month")).order_by("first", "enterprise_id"))
    done = dict(Inspection.objects.active().filter(
        enterprise_id__in=[r["enterprise_id"] for r in due], inspected_on__year=today.year,
        kind__in=DEPARTMENT_KINDS).values("enterprise_id").annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")) if due else {}
    behind = [r for r in due if done.get(r["enterprise_id"], 0) < r["n"]]
    from yingji.supervision.enterprises.models import Enterprise

    names = Enterprise.objects.in_bulk([r["enterprise_id"] for r in behind[:DUE_ROWS]])
    planned = [{"enterprise": names[r["enterprise_id"]], "month": r["first"], "missing": r["n"] - done.get(
        r["enterprise_id"], 0), "late": r["first"] < today.month} for r in behind[:DUE_ROWS] if r["enterprise_id"] in names]
    if not draws and not plans.exists():
        return None
    return {"draws": draws, "planned": planned, "behind": len(behind), "year": today.year}


ENTERPRISE_ROWS = 20


def enterprise_inspections(user, enterprise):
    """The enterprise page's 监督检查 section: its latest inspection records within the user's scope."""
    from .models import Inspection
    from .tables import InspectionTable

    rows = (Inspection.objects.restrict(user).active().filter(enterprise=enterprise)
            .select_related("enterprise", "region", "campaign").prefetch_related("inspectors")
            .order_by("-inspected_on", "-pk")[:ENTERPRISE_ROWS])
    return InspectionTable(rows, orderable=False, exclude=("enterprise", "sector"))
