"""一张图: hazards not yet closed (已销号 are not shown) and those past their rectification deadline, at their
enterprise's place."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import maplayers as M

from .choices import HazardLevel
from .filtersets import HazardFilterSet
from .models import Hazard

GROUP = _("安全监管")
POPUP = [(_("企业"), "enterprise__name"), (_("隐患级别"), "level"), (_("状态"), "state"), (_("发现日期"), "found_on"),
         (_("整改期限"), "deadline")]
LEVELS = M.Style("level", {HazardLevel.MAJOR: M.RED, HazardLevel.GENERAL: M.ORANGE}, radius=5)

M.register(M.Layer(
    key="hazards_open", label=_("未销号隐患"), group=GROUP, model=Hazard, url="hazards:hazard_detail",
    list_url="hazards:hazard_list", filterset=HazardFilterSet, title="description",
    lon="enterprise__longitude", lat="enterprise__latitude", popup=POPUP, style=LEVELS,
    base=lambda qs: qs.open(), order=30, visible=False,
    description=_("红色为重大事故隐患；位置取所属企业的经纬度")))

M.register(M.Layer(
    key="hazards_overdue", label=_("逾期未整改隐患"), group=GROUP, model=Hazard, url="hazards:hazard_detail",
    list_url="hazards:hazard_list", filterset=HazardFilterSet, title="description",
    lon="enterprise__longitude", lat="enterprise__latitude", popup=POPUP,
    style=M.Style("level", {HazardLevel.MAJOR: M.RED, HazardLevel.GENERAL: M.PURPLE}, radius=7),
    base=lambda qs: qs.overdue(), order=31,
    description=_("超过整改期限仍未销号的隐患")))


@M.measure("hazards_found", label=_("发现隐患"), permission="hazards.view_hazard", unit=_("项"), order=20)
def hazards_found(user, start, end):
    return M.by_township(Hazard.objects.restrict(user, "view").active().filter(found_on__gte=start, found_on__lte=end))


@M.measure("hazards_overdue", label=_("逾期未整改隐患"), permission="hazards.view_hazard", unit=_("项"),
           dated=False, order=21)
def hazards_overdue(user, start, end):
    return M.by_township(Hazard.objects.restrict(user, "view").active().overdue(timezone.localdate()))
