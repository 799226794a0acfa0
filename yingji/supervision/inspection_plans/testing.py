"""Sample annual plans for tests and the permission matrix."""

from yingji.platform.core.testing import sample_factory

from .models import InspectionPlan, PlanFrequency

_counter = {"n": 0}


def _n():
    _counter["n"] += 1
    return _counter["n"]


@sample_factory(InspectionPlan)
def make_plan(world, region, **kw):
    n = _n()
    kw.setdefault("year", 2001 + n % 99)  # the form accepts 2000 to 2100
    kw.setdefault("name", f"{kw['year']}年度安全生产监督检查计划")
    frequencies = kw.pop("frequencies", {"A": 4, "B": 2, "C": 1, "D": 1})
    plan = InspectionPlan.objects.create(region=region, **kw)
    for grade, times in frequencies.items():
        PlanFrequency.objects.create(plan=plan, risk_grade=grade, times_per_year=times)
    return plan
