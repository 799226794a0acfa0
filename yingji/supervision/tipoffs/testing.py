"""Sample reports for tests and the permission matrix."""

from yingji.platform.core.testing import sample_factory
from yingji.supervision.enterprises.models import Enterprise

from .choices import TipoffChannel
from .models import Tipoff


@sample_factory(Tipoff)
def make_tipoff(world, region, **kw):
    if "enterprise" not in kw and "place" not in kw:
        kw["enterprise"] = world.sample(Enterprise, region)
    kw.setdefault("channel", TipoffChannel.HOTLINE)
    kw.setdefault("description", "有人反映该厂夜间违规动火作业，车间堆放大量易燃物")
    kw.setdefault("reporter_name", "李四")
    kw.setdefault("reporter_phone", "13987654321")
    return Tipoff.objects.create(region=region, **kw)
