"""Deadlines of loss reports and the county roll-up of each township's latest report."""

import datetime

from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import LossDuty, LossReportKind
from .models import INDICATOR_FIELDS, INDICATORS, LossReport, LossReportingRule


def _rule(duty, event, region=None):
    day = timezone.localdate(event.started_at) if event.started_at else timezone.localdate()
    return LossReportingRule.objects.rule_for(day, region or (event.region if event.region_id else None),
                                              narrow=event.disaster_type, duty=duty)


def report_deadline(report):
    """(deadline, basis): 初报 from the event's start, 续报 from the township's previous report, 核报 from the
    moment the situation was declared stable (when a rule for it is configured)."""
    event = report.event
    region = report.region if report.region_id else None
    if report.kind == LossReportKind.INITIAL:
        rule = _rule(LossDuty.INITIAL, event, region)
        if rule and rule.hours is not None:
            return event.started_at + datetime.timedelta(hours=rule.hours), rule.legal_basis
    elif report.kind == LossReportKind.FOLLOW_UP:
        rule = _rule(LossDuty.FOLLOW_UP, event, region)
        previous = (report.siblings().filter(reported_at__lt=report.reported_at).order_by("-reported_at")
                    .values_list("reported_at", flat=True).first()) if report.reported_at else None
        if rule and rule.hours is not None and previous is not None:
            return previous + datetime.timedelta(hours=rule.hours), rule.legal_basis
    elif report.kind == LossReportKind.VERIFIED:
        rule = _rule(LossDuty.VERIFIED, event, region)
        if rule and rule.hours is not None and event.stable_at:
            return event.stable_at + datetime.timedelta(hours=rule.hours), rule.legal_basis
    return None, ""


def latest_reports(event, user):
    """Each township's latest active report on `event`, among those `user` may see."""
    qs = LossReport.objects.restrict(user, "view").filter(event=event, voided_at__isnull=True)
    newest = (LossReport.objects.filter(event=event, region=OuterRef("region"), voided_at__isnull=True)
              .order_by("-reported_at", "-id").values("pk")[:1])
    return qs.filter(pk=Subquery(newest))


def county_rollup(event, user):
    """The event's figures summed over each township's latest report (JSON-ready), with the escalation flag."""
    latest = latest_reports(event, user)
    totals = latest.aggregate(**{f: Sum(f) for f in INDICATOR_FIELDS})
    rows = []
    for r in latest.select_related("region").order_by("region__code"):
        rows.append({"id": r.pk, "region": r.region_id, "region_code": r.region.code, "region_name": r.region.name,
                     "kind": r.kind, "kind_display": r.get_kind_display(), "reported_at": r.reported_at.isoformat(),
                     "is_late": r.is_late, "url": r.get_absolute_url(),
                     **{f: _json(getattr(r, f)) for f in INDICATOR_FIELDS}})
    reported = {row["region"] for row in rows}
    missing = [{"id": t.pk, "name": t.name} for t in event.townships.order_by("code") if t.pk not in reported]
    dead_missing = (totals["deaths"] or 0) + (totals["missing"] or 0)
    escalate_rule = _rule(LossDuty.ESCALATE, event)
    escalate = bool(escalate_rule and escalate_rule.threshold is not None and dead_missing >= escalate_rule.threshold)
    return {
        "event": {"id": event.pk, "name": event.name, "disaster_type": event.disaster_type,
                  "disaster_type_display": event.get_disaster_type_display(),
                  "started_at": event.started_at.isoformat()},
        "indicators": [{"field": f, "label": str(label), "unit": str(unit)} for f, label, unit in INDICATORS],
        "totals": {f: _json(totals[f] if totals[f] is not None else _zero(f)) for f in INDICATOR_FIELDS},
        "townships": rows,
        "townships_without_report": missing,
        "escalate": escalate,
        "escalate_note": (_("因灾死亡失踪%(n)d人，达到%(t)d人，须同时报告省级应急管理部门和应急管理部（%(basis)s）") % {
            "n": dead_missing, "t": escalate_rule.threshold, "basis": escalate_rule.legal_basis}) if escalate else "",
    }


def _zero(field):
    from decimal import Decimal

    return Decimal(0) if LossReport._meta.get_field(field).get_internal_type() == "DecimalField" else 0


def _json(value):
    from decimal import Decimal

    return str(Decimal(value).quantize(Decimal("0.01"))) if isinstance(value, Decimal) else value
