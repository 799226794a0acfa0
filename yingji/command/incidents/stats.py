"""Incident figures for a period: by category, reports on time vs late (the statistics page, dashboard, API)."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from yingji.platform.core.filtersets import filter_subtree

from .choices import Category
from .models import Incident, ReportDeadline


def _bounds(start, end):
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz),
            timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz))


def incident_stats(user, start, end, region=None, *, base=None):
    """`base`: the incidents the user may see in the region, when the caller has them already (the dashboard's, which
    become an empty query when there are none: core.dashboard.DashboardRequest.records)."""
    lo, hi = _bounds(start, end)
    if base is None:
        base = filter_subtree(Incident.objects.restrict(user), "region", region)
    incidents = base.filter(voided_at__isnull=True, received_at__gte=lo, received_at__lt=hi)
    list_url = reverse("incidents:incident_list")
    params = f"received_after={start.isoformat()}&received_before={end.isoformat()}" + (
        f"&region={region.pk}" if region is not None else "")
    by_cat = dict(incidents.order_by().values_list("category").annotate(n=Count("pk")))
    categories = [{"key": c.value, "label": str(c.label), "count": by_cat.get(c.value, 0),
                   "url": f"{list_url}?{params}&category={c.value}"} for c in Category]
    now = timezone.now()
    duties = ReportDeadline.objects.filter(incident__in=incidents.values("pk"), cancelled=False, due_at__lt=now)
    agg = duties.aggregate(total=Count("pk"), late_n=Count("pk", filter=Q(late=True)),
                           on_time=Count("pk", filter=Q(done_at__isnull=False, late=False)))
    totals = incidents.aggregate(n=Count("pk"), deaths_incidents=Count("pk", filter=Q(deaths__gt=0)),
                                 closed=Count("pk", filter=Q(status="closed")))
    rate = round(100 * agg["on_time"] / agg["total"], 1) if agg["total"] else None
    return {"count": totals["n"], "closed": totals["closed"], "with_deaths": totals["deaths_incidents"],
            "by_category": categories, "duties_due": agg["total"], "on_time": agg["on_time"], "late": agg["late_n"],
            "on_time_rate": rate, "url": f"{list_url}?{params}", "late_url": f"{list_url}?{params}&late=true"}
