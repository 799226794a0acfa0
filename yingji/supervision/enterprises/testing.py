"""Sample enterprises for tests and the permission matrix."""

from django.utils import timezone

from yingji.platform.accounts.choices import OrgKind
from yingji.platform.accounts.models import Organisation
from yingji.platform.core.testing import sample_factory
from yingji.platform.core.validators import with_check_character

from .choices import KeyPersonRole, Sector
from .models import Enterprise, HazardChemical, KeyPerson, MajorHazardSource

_counter = {"n": 0}


def credit_code(n):
    """A valid 统一社会信用代码 numbered n (91 = 工商 企业, 331099 = the test county)."""
    return with_check_character(f"91331099{n:09d}")


def _department_for(world, region):
    bureau = (Organisation.objects.filter(kind=OrgKind.BUREAU, region__code__startswith=region.code[:6])
              .order_by("pk").first())
    return bureau or world.orgs.bureau


@sample_factory(Enterprise)
def make_enterprise(world, region, **kw):
    _counter["n"] += 1
    n = _counter["n"]
    kw.setdefault("name", f"样例企业{n}有限公司")
    kw.setdefault("credit_code", credit_code(100000 + n))
    kw.setdefault("address", f"{region.name}工业路{n}号")
    kw.setdefault("sector", Sector.HAZCHEM_USE)
    kw.setdefault("principal_name", "张三")
    kw.setdefault("principal_phone", "13912345678")
    if "supervising_department" not in kw:
        kw["supervising_department"] = _department_for(world, region)
    if kw.get("created_at") is not None and "filed_on" not in kw:
        # entered then, filed then (as the migration that added 建档日期 treats the rows it found)
        kw["filed_on"] = timezone.localdate(kw["created_at"])
    return Enterprise.objects.create(region=region, **kw)


@sample_factory(KeyPerson)
def make_key_person(world, region, **kw):
    enterprise = kw.pop("enterprise", None) or make_enterprise(world, region)
    kw.setdefault("role", KeyPersonRole.SAFETY_MANAGER)
    kw.setdefault("name", "李四")
    return KeyPerson.objects.create(enterprise=enterprise, **kw)


@sample_factory(MajorHazardSource)
def make_major_hazard_source(world, region, **kw):
    enterprise = kw.pop("enterprise", None) or make_enterprise(world, region)
    kw.setdefault("name", "液氨储罐区")
    kw.setdefault("level", 3)
    kw.setdefault("chemicals", "液氨")
    kw.setdefault("quantity_tonnes", 30)
    return MajorHazardSource.objects.create(enterprise=enterprise, **kw)


@sample_factory(HazardChemical)
def make_hazard_chemical(world, region, **kw):
    source = kw.pop("source", None) or make_major_hazard_source(world, region)
    kw.setdefault("name", "氨")
    kw.setdefault("cas_no", "7664-41-7")
    kw.setdefault("max_quantity", 30)
    kw.setdefault("critical_quantity", 10)
    return HazardChemical.objects.create(source=source, **kw)
