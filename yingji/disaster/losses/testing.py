"""Sample disaster events and loss reports for tests and the permission matrix."""

import datetime

from django.utils import timezone

from yingji.platform.core.testing import sample_factory

from .choices import DisasterType, LossReportKind
from .models import DisasterEvent, LossReport

_counter = {"n": 0}


@sample_factory(DisasterEvent)
def make_disaster_event(world, region, **kw):
    """An event in `region`'s county (or `region` itself) that hit `region` when it is a township."""
    _counter["n"] += 1
    township = region if region.level == 4 else None
    kw.setdefault("name", f"样例暴雨洪涝{_counter['n']}")
    kw.setdefault("disaster_type", DisasterType.FLOOD)
    kw.setdefault("started_at", timezone.now() - datetime.timedelta(days=5))
    kw.setdefault("region", region)
    event = DisasterEvent.objects.create(**kw)
    if township is not None:
        event.townships.add(township)
    return event


@sample_factory(LossReport)
def make_loss_report(world, region, **kw):
    event = kw.pop("event", None) or make_disaster_event(world, region)
    kw.setdefault("kind", LossReportKind.INITIAL)
    kw.setdefault("reported_at", event.started_at + datetime.timedelta(hours=1))
    kw.setdefault("affected_population", 120)
    kw.setdefault("relocated", 30)
    return LossReport.objects.create(event=event, region=region, **kw)
