"""Sample plans, drills and findings for tests and the permission matrix."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from yingji.platform.core.testing import sample_factory

from .choices import DrillKind, EventType, PlanKind
from .models import Drill, DrillFinding, DrillPhoto, Plan, PlanVersion

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_file(name="预案.pdf"):
    return ContentFile(PDF, name=name)


@sample_factory(Plan)
def make_plan(world, region, **kw):
    kw.setdefault("name", f"{region.name}防汛防台应急预案")
    kw.setdefault("kind", PlanKind.TOWNSHIP if region.level >= 4 else PlanKind.SPECIAL)
    kw.setdefault("event_type", EventType.FLOOD)
    if kw["kind"] == PlanKind.ENTERPRISE:
        kw.setdefault("owner_name", "安澜化工有限公司")
        kw.setdefault("enterprise_part", "comprehensive")
    else:
        org = world.orgs.office_a if region.code.startswith(world.regions.township_a.code[:9]) else world.orgs.bureau
        kw.setdefault("owner", org)
    kw.setdefault("issued_on", timezone.localdate() - datetime.timedelta(days=400))
    return Plan.objects.create(region=region, **kw)


@sample_factory(PlanVersion)
def make_sample_version(world, region, **kw):
    return make_version(kw.pop("plan", None) or make_plan(world, region), **kw)


@sample_factory(DrillPhoto)
def make_photo(world, region, **kw):
    drill = kw.pop("drill", None) or make_drill(world, region)
    kw.setdefault("file", ContentFile(PNG, name="现场.png"))
    return DrillPhoto.objects.create(drill=drill, **kw)


def make_version(plan, **kw):
    kw.setdefault("label", f"第{plan.versions.count() + 1}版")
    kw.setdefault("issued_on", plan.issued_on)
    kw.setdefault("file", pdf_file())
    return PlanVersion.objects.create(plan=plan, **kw)


@sample_factory(Drill)
def make_drill(world, region, **kw):
    plans = kw.pop("plans", None) or [make_plan(world, region)]
    kw.setdefault("name", "防汛转移避险演练")
    kw.setdefault("held_on", timezone.localdate() - datetime.timedelta(days=30))
    kw.setdefault("kind", DrillKind.LIVE)
    kw.setdefault("organiser_name", f"{region.name}人民政府")
    kw.setdefault("participants", 120)
    drill = Drill.objects.create(region=region, **kw)
    drill.plans.set(plans)
    return drill


@sample_factory(DrillFinding)
def make_finding(world, region, **kw):
    drill = kw.pop("drill", None) or make_drill(world, region)
    kw.setdefault("plan", drill.plans.first())
    kw.setdefault("text", "转移路线图未标注备用路线")
    return DrillFinding.objects.create(drill=drill, **kw)
