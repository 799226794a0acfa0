"""一张图: enterprises coloured by risk grade and the major hazard sources (at their enterprise's place)."""

from django.utils.translation import gettext_lazy as _

from yingji.platform.core import maplayers as M

from .filtersets import EnterpriseFilterSet, MajorHazardSourceFilterSet
from .models import Enterprise, MajorHazardSource

GROUP = _("安全监管")

M.register(M.Layer(
    key="enterprises", label=_("企业（按风险等级）"), group=GROUP, model=Enterprise,
    url="enterprises:enterprise_detail", list_url="enterprises:enterprise_list", filterset=EnterpriseFilterSet,
    popup=[(_("风险等级"), "risk_grade"), (_("行业类别"), "sector"), (_("经营状态"), "status"),
           (_("地址"), "address"), (_("所在乡镇（村）"), "region__name")],
    style=M.Style("risk_grade", {"A": M.RED, "B": M.ORANGE, "C": M.YELLOW, "D": M.BLUE}),
    order=10, description=_("红、橙、黄、蓝四色对应 A、B、C、D 风险等级；筛选条件与企业台账相同")))

M.register(M.Layer(
    key="major_hazard_sources", label=_("重大危险源"), group=GROUP, model=MajorHazardSource,
    url="enterprises:majorhazardsource_detail", list_url="enterprises:majorhazardsource_list",
    filterset=MajorHazardSourceFilterSet, title="name", lon="enterprise__longitude", lat="enterprise__latitude",
    popup=[(_("企业"), "enterprise__name"), (_("等级"), "level"), (_("设计最大储量（吨）"), "quantity_tonnes"),
           (_("备案编号"), "record_no")],
    style=M.Style("level", {1: M.RED, 2: M.ORANGE, 3: M.YELLOW, 4: M.BLUE}, radius=8),
    order=20, description=_("位置取所属企业的经纬度")))


@M.measure("enterprises_ab", label=_("A、B 级风险企业"), permission="enterprises.view_enterprise", unit=_("家"),
           dated=False, order=10)
def high_risk_enterprises(user, start, end):
    return M.by_township(Enterprise.objects.restrict(user, "view").active().operating()
                         .filter(risk_grade__in=["A", "B"]))
