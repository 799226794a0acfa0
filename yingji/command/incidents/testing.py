"""Sample incidents for tests and the permission matrix."""

import datetime

from django.utils import timezone

from yingji.platform.core.testing import sample_factory

from .choices import Category, Channel, IncidentType, RecipientLevel, ReportKind, Source
from .models import Incident, IncidentReport, ReportDeadline, TimelineEntry

_counter = {"n": 0}


@sample_factory(Incident)
def make_incident(world, region, **kw):
    _counter["n"] += 1
    n = _counter["n"]
    now = timezone.now()
    kw.setdefault("title", f"{region.name}样例突发事件{n}")
    kw.setdefault("category", Category.ACCIDENT)
    kw.setdefault("incident_type", IncidentType.WORK_SAFETY)
    kw.setdefault("occurred_at", now - datetime.timedelta(hours=2))
    kw.setdefault("received_at", now - datetime.timedelta(hours=1))
    kw.setdefault("place", f"{region.name}工业园区{n}号")
    kw.setdefault("source", Source.PHONE)
    kw.setdefault("reporter_name", "报告人")
    return Incident.objects.create(region=region, **kw)


@sample_factory(IncidentReport)
def make_incident_report(world, region, **kw):
    incident = kw.pop("incident", None) or make_incident(world, region)
    kw.setdefault("kind", ReportKind.FIRST)
    kw.setdefault("channel", Channel.WRITTEN)
    kw.setdefault("recipient_level", RecipientLevel.CITY)
    kw.setdefault("reported_at", incident.received_at + datetime.timedelta(minutes=30))
    return IncidentReport.objects.create(incident=incident, **kw)


@sample_factory(ReportDeadline)
def make_deadline(world, region, **kw):
    incident = kw.pop("incident", None) or make_incident(world, region)
    kw.setdefault("kind", ReportKind.FIRST)
    kw.setdefault("channel", Channel.WRITTEN)
    kw.setdefault("recipient_level", RecipientLevel.CITY)
    kw.setdefault("due_at", incident.received_at + datetime.timedelta(hours=2))
    return ReportDeadline.objects.create(incident=incident, **kw)


@sample_factory(TimelineEntry)
def make_entry(world, region, **kw):
    from .services import record_event

    incident = kw.pop("incident", None) or make_incident(world, region)
    return record_event(incident, kw.pop("kind", "note"), kw.pop("text", "样例记录"), actor=None)
