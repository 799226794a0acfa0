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


def make_grid(world, village=None, number=1, **kw):
    """A 网格 (level GRID) under `village` (default: village A): the village's code and a 3-digit grid number."""
    village = village or world.regions.village_a
    return Region.objects.get_or_create(code=f"{village.code}{number:03d}", defaults={
        "name": kw.pop("name", f"{village.name}第{number}网格"), "level": Level.GRID, "parent": village, **kw})[0]


def make_grid_user(world, grid=None, username="grid_1"):
    """A 网格员 (role grid) whose region is `grid` (default: village A's first grid)."""
    from yingji.platform.accounts.models import Role, User
    from yingji.platform.core.testing import hashed_password

    grid = grid or make_grid(world)
    user = User.objects.create(username=username, full_name="网格员甲", region=grid,
                               organisation=world.orgs.office_a, phone="13812341235", password=hashed_password())
    user.groups.add(Role.objects.get(code="grid").group)
    return user
