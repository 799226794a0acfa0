"""Sample accidents and reports for tests and the permission matrix."""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.testing import sample_factory

from .choices import AccidentType, ReportKind, ReportLevel, Sector
from .models import Accident, AccidentInvestigation, AccidentReport

_counter = {"n": 0}


@sample_factory(Accident)
def make_accident(world, region, **kw):
    _counter["n"] += 1
    n = _counter["n"]
    kw.setdefault("occurred_at", timezone.now() - datetime.timedelta(days=10))
    kw.setdefault("place", f"{region.name}工业园区{n}号厂房")
    kw.setdefault("unit_name", f"样例事故单位{n}")
    kw.setdefault("sector", Sector.MACHINERY)
    kw.setdefault("accident_type", AccidentType.MACHINERY)
    kw.setdefault("deaths", 1)
    kw.setdefault("injuries", 0)
    kw.setdefault("direct_loss", Decimal("150000"))
    return Accident.objects.create(region=region, **kw)


@sample_factory(AccidentReport)
def make_accident_report(world, region, **kw):
    accident = kw.pop("accident", None) or make_accident(world, region)
    kw.setdefault("kind", ReportKind.FIRST)
    kw.setdefault("to_level", ReportLevel.COUNTY)
    kw.setdefault("reported_at", accident.occurred_at + datetime.timedelta(minutes=40))
    kw.setdefault("reporter", "事故单位安全负责人")
    return AccidentReport.objects.create(accident=accident, **kw)


@sample_factory(AccidentInvestigation)
def make_accident_investigation(world, region, **kw):
    accident = kw.pop("accident", None) or make_accident(world, region)
    kw.setdefault("lead_unit", "县人民政府（委托县应急管理局）")
    kw.setdefault("started_on", timezone.localdate(accident.occurred_at))
    return AccidentInvestigation.objects.create(accident=accident, **kw)
