"""一张图: the areas of the warnings in force (published, not a 解除, not expired), in their level's colour, and the
number of warnings in force over each township for the choropleth."""

from django.utils.translation import gettext_lazy as _

from yingji.platform.core import maplayers as M
from yingji.platform.regions.models import Region

from .choices import Level
from .filtersets import WarningFilterSet
from .models import Warning

M.register(M.Layer(
    key="warnings_in_force", label=_("生效中的预警区域"), group=_("监测预警"), model=Warning,
    url="alerts:warning_detail", list_url="alerts:warning_list", filterset=WarningFilterSet, title="headline",
    areas="areas", popup=[(_("预警级别"), "level"), (_("预警类型"), "event_type"), (_("失效时间"), "expires")],
    style=M.Style("level", {Level.RED: M.RED, Level.ORANGE: M.ORANGE, Level.YELLOW: M.YELLOW, Level.BLUE: M.BLUE}),
    base=lambda qs: qs.in_force(), order=52,
    description=_("预警区域按已导入的区划边界绘制；区域为全县时绘制全县边界")))


@M.measure("warnings_in_force", label=_("生效中的预警"), permission="alerts.view_warning", unit=_("条"),
           dated=False, order=52)
def warnings_in_force(user, start, end):
    """{township prefix: the number of warnings in force whose areas cover the township (the township, one of its
    villages, or its county or city)}; a warning is counted once per township."""
    from yingji.platform.regions.choices import PREFIX_LENGTH
    from yingji.platform.regions.choices import Level as RegionLevel

    n = PREFIX_LENGTH[RegionLevel.TOWNSHIP]
    rows = (Warning.objects.restrict(user, "view").in_force().order_by()
            .values_list("pk", "areas__code", "areas__level"))
    towns = list(Region.objects.restrict(user, "view").filter(level=RegionLevel.TOWNSHIP)
                 .values_list("code", flat=True))
    seen = {}
    for pk, code, level in rows:
        if not code:
            continue
        prefix = code[:PREFIX_LENGTH[min(level, RegionLevel.TOWNSHIP)]]
        for t in towns:
            if t.startswith(prefix):
                seen.setdefault(t[:n], set()).add(pk)
    return {k: len(v) for k, v in seen.items()}
