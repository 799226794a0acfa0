"""Sample hazards for tests and the permission matrix."""

from yingji.platform.core.testing import sample_factory
from yingji.supervision.enterprises.models import Enterprise

from .choices import HazardCategory, HazardSource
from .models import Hazard


@sample_factory(Hazard)
def make_hazard(world, region, **kw):
    enterprise = kw.pop("enterprise", None) or world.sample(Enterprise, region)
    kw.setdefault("description", "配电箱未上锁，电缆老化破损")
    kw.setdefault("category", HazardCategory.ELECTRICAL)
    kw.setdefault("source", HazardSource.DEPARTMENT)
    return Hazard.objects.create(enterprise=enterprise, **kw)
