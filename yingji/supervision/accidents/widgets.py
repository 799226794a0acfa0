"""工作台 widget: the accident reporting the user's region still owes."""

import datetime

from django.urls import reverse
from django.utils import timezone

from .choices import ReportKind
from .models import Accident, AccidentInvestigation, AccidentReport

RECENT_DAYS = 30


def accident_duties(request):
    user = request.user
    now = timezone.now()
    since = now - datetime.timedelta(days=RECENT_DAYS)
    reported = AccidentReport.objects.filter(kind=ReportKind.FIRST, voided_at__isnull=True).values("accident_id")
    unreported = (Accident.objects.restrict(user).active().filter(occurred_at__gte=since)
                  .exclude(pk__in=reported).select_related("region").order_by("-occurred_at"))
    rows = list(unreported[:5])
    late = AccidentReport.objects.restrict(user).active().filter(is_late=True, reported_at__gte=since).count()
    reviews = AccidentInvestigation.objects.restrict(user).active().filter(
        review_due__lt=timezone.localdate(now), reviewed_on__isnull=True).count()
    after = timezone.localdate(since).isoformat()
    return {
        "rows": rows, "unreported": len(rows) if len(rows) < 5 else unreported.count(), "late": late,
        "reviews": reviews,
        "unreported_url": f"{reverse('accidents:accident_list')}?unreported=true&occurred_after={after}",
        "late_url": f"{reverse('accidents:accidentreport_list')}?is_late=true&reported_after={after}",
        "reviews_url": f"{reverse('accidents:accidentinvestigation_list')}?review_overdue=true",
    }
