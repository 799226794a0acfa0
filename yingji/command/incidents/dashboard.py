"""The incidents' figures on the dashboard: incidents received in the period by category, reporting duties met on
time and late (with last year's same period)."""

from django.utils.translation import gettext as _

from yingji.platform.core import dashboard

from .models import Incident
from .stats import incident_stats


@dashboard.provider("incidents", order=60, permission="incidents.view_incident")
def incident_figures(req):
    (a, b), (c, d) = req.period(), req.previous
    base = req.records(req.in_region(Incident.objects.restrict(req.user)))
    cur = incident_stats(req.user, a, b, req.region, base=base)
    prev = incident_stats(req.user, c, d, req.region, base=base)
    headline = [
        dashboard.figure("incidents.count", _("接报突发事件"), cur["count"], prev["count"], cur["url"], "起",
                         prev["url"]),
        dashboard.figure("incidents.on_time", _("按时报送"), cur["on_time"], prev["on_time"], cur["url"], "次",
                         prev["url"]),
        dashboard.figure("incidents.late", _("迟报"), cur["late"], prev["late"], cur["late_url"], "次",
                         prev["late_url"], note=_("超过报送时限才报送或至今未报送的报送事项")),
    ]
    return dashboard.Contribution(data={"by_category": cur["by_category"], "on_time_rate": cur["on_time_rate"]},
                                  headline=headline)
