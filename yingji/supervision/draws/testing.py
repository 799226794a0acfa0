"""Sample draws for tests and the permission matrix."""

from yingji.platform.core.testing import sample_factory
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.inspections.testing import _n

from .models import Draw, DrawItem


@sample_factory(Draw)
def make_draw_record(world, region, **kw):
    """A stored draw of one enterprise (made directly, as the permission matrix needs any region's record)."""
    enterprise = make_enterprise(world, region)
    a, b = world.users.inspector, world.users.inspector2
    kw.setdefault("title", f"样例双随机抽查{_n()}")
    draw = Draw.objects.create(region=region, seed=20260101, pool=[enterprise.pk], inspector_pool=sorted([a.pk, b.pk]),
                               conflicts={}, parameters={"count": 1, "per_enterprise": 2, "sectors": [],
                                                         "risk_grades": [], "region": region.code}, **kw)
    item = DrawItem.objects.create(draw=draw, position=1, enterprise=enterprise)
    item.inspectors.set([a, b])
    return draw
