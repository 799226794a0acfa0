"""Sample inspection records for tests and the permission matrix."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from yingji.platform.accounts.testing import make_user
from yingji.platform.core.testing import sample_factory
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.testing import make_enterprise

from .choices import InspectionKind, VisitTarget
from .models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionPhoto,
    InspectorCertificate,
    SupervisionNotice,
    SupervisionVisit,
)

# the smallest valid PNG (1×1 pixel)
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
    "000100e221bc330000000049454e44ae426082")

_counter = {"n": 0}


def _n():
    _counter["n"] += 1
    return _counter["n"]


def _county(region):
    return region.parent if region.level > 3 and region.parent_id else region


@sample_factory(Inspection)
def make_inspection(world, region, **kw):
    enterprise = kw.pop("enterprise", None) or make_enterprise(world, region)
    inspectors = kw.pop("inspectors", None)
    if inspectors is None:
        inspectors = [world.users.inspector, world.users.inspector2]
    kw.setdefault("inspected_on", timezone.localdate() - datetime.timedelta(days=3))
    kw.setdefault("kind", InspectionKind.ENFORCEMENT)
    kw.setdefault("findings", "1. 液氨储罐区可燃气体报警装置未定期检定。\n2. 特种作业人员未持证上岗。")
    kw.setdefault("order_items", "可燃气体报警装置送检\n特种作业人员取证后上岗")
    kw.setdefault("rectify_deadline", kw["inspected_on"] + datetime.timedelta(days=30))
    if kw["kind"] == InspectionKind.ENFORCEMENT:  # the law asks each of them for a 行政执法证 valid that day
        for person in inspectors:
            if not InspectorCertificate.objects.filter(user=person, valid_until__gte=kw["inspected_on"]).exists():
                make_certificate(world, region, user=person)
    inspection = Inspection.objects.create(enterprise=enterprise, **kw)
    inspection.inspectors.set(inspectors)
    return inspection


@sample_factory(InspectionPhoto)
def make_photo(world, region, **kw):
    inspection = kw.pop("inspection", None) or make_inspection(world, region)
    photo = InspectionPhoto(inspection=inspection, caption=kw.pop("caption", "储罐区现场"), **kw)
    photo.file.save(f"sample{_n()}.png", ContentFile(PNG_BYTES), save=False)
    photo.save()
    return photo




@sample_factory(InspectorCertificate)
def make_certificate(world, region, **kw):
    user = kw.pop("user", None)
    if user is None:  # an inspector of the region: the certificate form offers only those
        from yingji.platform.accounts.models import Role

        user = make_user(world, region)
        user.groups.add(Role.objects.get(code="enforcement").group)
    kw.setdefault("certificate_no", f"33{_n():010d}")
    kw.setdefault("issued_by", "浙江省人民政府")
    kw.setdefault("valid_until", timezone.localdate() + datetime.timedelta(days=365))
    return InspectorCertificate.objects.create(user=user, region=user.region, **kw)


@sample_factory(ChecklistTemplate)
def make_checklist(world, region, **kw):
    kw.setdefault("name", f"危险化学品使用企业检查表{_n()}")
    kw.setdefault("sector", Sector.HAZCHEM_USE)
    items = kw.pop("items", ["安全生产责任制是否建立并落实", "重大危险源是否登记建档并备案",
                             "特种作业人员是否持证上岗"])
    template = ChecklistTemplate.objects.create(region=region, **kw)
    for i, text in enumerate(items, start=1):
        ChecklistItem.objects.create(template=template, position=i, text=text)
    return template


@sample_factory(SupervisionVisit)
def make_visit(world, region, **kw):
    """A 督导检查 of the township office of `region` (one is made if the region has none)."""
    from yingji.platform.accounts.choices import OrgKind
    from yingji.platform.accounts.models import Organisation

    organisation = kw.pop("organisation", None) or Organisation.objects.filter(
        region=region, kind=OrgKind.TOWNSHIP_OFFICE).first() or Organisation.objects.create(
        name=f"{region.name}应急办{_n()}", kind=OrgKind.TOWNSHIP_OFFICE, region=region)
    team = kw.pop("team", None) or [world.users.inspector]
    kw.setdefault("target_kind", VisitTarget.TOWNSHIP if organisation.kind == OrgKind.TOWNSHIP_OFFICE
                  else VisitTarget.DEPARTMENT)
    kw.setdefault("visited_on", timezone.localdate() - datetime.timedelta(days=5))
    kw.setdefault("subject", "安全生产大检查工作开展情况")
    kw.setdefault("findings", "部分村级隐患排查台账不全")
    visit = SupervisionVisit.objects.create(organisation=organisation, **kw)
    visit.team.set(team)
    return visit


@sample_factory(SupervisionNotice)
def make_notice(world, region, **kw):
    visits = kw.pop("visits", ())
    kw.setdefault("title", f"关于安全生产督导检查情况的通报（第{_n()}期）")
    kw.setdefault("issued_on", timezone.localdate())
    kw.setdefault("content", "近期，县安委办组成督导组，对各乡镇安全生产工作进行了督导检查。现将有关情况通报如下。")
    notice = SupervisionNotice.objects.create(region=region, **kw)
    if visits:
        notice.visits.set(visits)
    return notice
