"""工作台 widget: the townships of recent disaster events that still owe a loss report (初报, or the daily 续报)."""

import datetime

from django.db.models import Max, Q
from django.utils import timezone

from yingji.platform.regions.models import Region

from .choices import LossDuty, LossReportKind
from .models import DisasterEvent, LossReport, LossReportingRule

RECENT_DAYS = 15


def loss_report_duties(request):
    user = request.user
    now = timezone.now()
    events = list(DisasterEvent.objects.restrict(user).active()
                  .filter(started_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
                  .filter(Q(stable_at__isnull=True) | Q(stable_at__gt=now))
                  .prefetch_related("townships").order_by("-started_at")[:5])
    if not events:
        return {"rows": []}
    in_scope = set(Region.objects.subtree(user.region).values_list("pk", flat=True)) if user.region else set()
    latest = {(r["event_id"], r["region_id"]): r for r in LossReport.objects.restrict(user).active()
              .filter(event__in=events).values("event_id", "region_id")
              .annotate(last=Max("reported_at"), verified=Max("kind", filter=Q(kind=LossReportKind.VERIFIED)))}
    rows = []
    for event in events:
        day = timezone.localdate(event.started_at)
        rule = LossReportingRule.objects.rule_for(day, event.region, narrow=event.disaster_type,
                                                  duty=LossDuty.FOLLOW_UP)
        for township in event.townships.all():
            if not user.is_superuser and township.pk not in in_scope:
                continue
            report = latest.get((event.pk, township.pk))
            if report is None:
                rows.append((event, township, "initial"))
            elif not report["verified"] and rule and rule.hours and \
                    report["last"] + datetime.timedelta(hours=rule.hours) < now:
                rows.append((event, township, "follow_up"))
    return {"rows": rows}
