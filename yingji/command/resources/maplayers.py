"""一张图: warehouses (储备库/点), rescue teams by their status, and shelters by their free capacity."""

from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import maplayers as M

from .choices import ShelterStatus, TeamStatus
from .filtersets import RescueTeamFilterSet, ShelterFilterSet, WarehouseFilterSet
from .models import RescueTeam, Shelter, Warehouse

GROUP = _("指挥救援")

M.register(M.Layer(
    key="warehouses", label=_("应急物资储备库（点）"), group=GROUP, model=Warehouse,
    url="resources:warehouse_detail", list_url="resources:warehouse_list", filterset=WarehouseFilterSet,
    lon="lon", lat="lat", popup=[(_("类型"), "kind"), (_("级别"), "level"), (_("地址"), "address"),
                                 (_("保管员"), "keeper")],
    style=M.Style(default="#00798c", radius=7), order=60, visible=False))

M.register(M.Layer(
    key="rescue_teams", label=_("救援队伍"), group=GROUP, model=RescueTeam, url="resources:rescueteam_detail",
    list_url="resources:rescueteam_list", filterset=RescueTeamFilterSet, lon="lon", lat="lat",
    popup=[(_("队伍类型"), "kind"), (_("状态"), "status"), (_("队员人数"), "headcount"), (_("专业方向"), "specialties"),
           (_("队长"), "leader")],
    style=M.Style("status", {TeamStatus.STANDBY: M.GREEN, TeamStatus.DEPLOYED: M.RED, TeamStatus.RESTING: M.GREY},
                  radius=7),
    order=61, visible=False, description=_("绿色待命，红色出动，灰色休整")))

SHELTER_STATES = {"free": _("开放，有空位"), "tight": _("开放，空位不足两成"), "full": _("开放，已满"),
                  "closed": _("关闭")}


def with_free_places(qs):
    free = F("capacity") - F("occupancy")
    state = Case(When(status=ShelterStatus.CLOSED, then=Value("closed")), When(occupancy__gte=F("capacity"),
                 then=Value("full")), When(occupancy__gte=F("capacity") * 0.8, then=Value("tight")),
                 default=Value("free"))
    return qs.annotate(free_places=free, shelter_state=state)


M.register(M.Layer(
    key="shelters", label=_("避难场所（空余容量）"), group=GROUP, model=Shelter, url="resources:shelter_detail",
    list_url="resources:shelter_list", filterset=ShelterFilterSet, lon="lon", lat="lat",
    popup=[(_("状态"), "shelter_state"), (_("容纳人数"), "capacity"), (_("当前安置人数"), "occupancy"),
           (_("空余位置"), "free_places"), (_("地址"), "address")],
    style=M.Style("shelter_state", {"free": M.GREEN, "tight": M.ORANGE, "full": M.RED, "closed": M.GREY},
                  labels=SHELTER_STATES, radius=7),
    base=with_free_places, order=62, visible=False))
