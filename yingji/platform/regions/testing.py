from yingji.platform.core.testing import sample_factory

from .choices import Level
from .models import Region

_counter = {"n": 300}


@sample_factory(Region)
def make_region(world, region, **kw):
    """A village (or the level below `region`) inside `region`."""
    _counter["n"] += 1
    n = _counter["n"]
    if region.level == Level.TOWNSHIP:
        code, level = f"{region.code[:9]}{n % 1000:03d}", Level.VILLAGE
    elif region.level == Level.COUNTY:
        code, level = f"{region.code[:6]}{n % 1000:03d}000", Level.TOWNSHIP
    else:
        raise ValueError("sample regions are made under a county or a township")
    return Region.objects.create(code=code, name=kw.pop("name", f"样例{n}"), level=level, parent=region, **kw)
