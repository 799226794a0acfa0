"""Demo data: the demo county's annual plans of the last three years, with their frequencies by risk grade and the
planned inspections generated from them. inspections' builder (order 50) then records most of the planned
inspections up to this month, so that the plans' completion is neither nil nor whole."""

from django.utils import timezone

from yingji.platform.core.demodata import register

YEARS = 3
FREQUENCIES = (("A", 4), ("B", 2), ("C", 1), ("D", 1))


@register(order=48)
def build_plans(ctx):
    from . import services
    from .models import InspectionPlan, PlanFrequency

    if not getattr(ctx, "enterprises", None):
        return
    admin = (getattr(ctx, "users", {}) or {}).get("admin")
    today = timezone.localdate()
    for year in range(today.year - YEARS + 1, today.year + 1):
        if InspectionPlan.objects.filter(region=ctx.county, year=year).exists():  # a second run adds nothing
            continue
        plan = InspectionPlan.objects.create(name=f"{ctx.county.name}{year}年度安全生产监督检查计划", year=year,
                                             region=ctx.county, created_by=admin)
        for grade, times in FREQUENCIES:
            PlanFrequency.objects.create(plan=plan, risk_grade=grade, times_per_year=times)
        services.generate_plan_items(plan, actor=admin)
