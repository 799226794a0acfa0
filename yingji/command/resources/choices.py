from django.db import models
from django.utils.translation import gettext_lazy as _


class WarehouseKind(models.TextChoices):
    DEPOT = "depot", _("储备库")
    POINT = "point", _("储备点")


class WarehouseLevel(models.TextChoices):
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")
    VILLAGE = "village", _("村（社区）级")
    ENTERPRISE = "enterprise", _("企业代储")


class SupplyCategory(models.TextChoices):
    RESCUE = "rescue", _("抢险救援")
    FLOOD = "flood", _("防汛抗旱")
    FIRE = "fire", _("森林防灭火")
    POWER = "power", _("应急供电照明")
    LIVING = "living", _("生活保障")
    MEDICAL = "medical", _("医疗防疫")
    COMMUNICATION = "communication", _("通信保障")
    OTHER = "other", _("其他")


class MovementKind(models.TextChoices):
    RECEIVE = "receive", _("入库")
    ISSUE = "issue", _("出库")
    TRANSFER_OUT = "transfer_out", _("调拨调出")
    TRANSFER_IN = "transfer_in", _("调拨调入")
    LEND = "lend", _("借用")
    GIVE_BACK = "give_back", _("归还")
    SCRAP = "scrap", _("报废")
    MAINTAIN = "maintain", _("维护保养")
    RECOVER = "recover", _("回收消杀")
    RESERVE = "reserve", _("调派预留")
    RELEASE = "release", _("调派释放")
    DISPATCH_ISSUE = "dispatch_issue", _("调派消耗")


# (Δ on hand, Δ reserved) of one unit of each kind: the ledger's arithmetic, in one place
EFFECT = {
    MovementKind.RECEIVE: (1, 0), MovementKind.ISSUE: (-1, 0), MovementKind.TRANSFER_OUT: (-1, 0),
    MovementKind.TRANSFER_IN: (1, 0), MovementKind.LEND: (-1, 0), MovementKind.GIVE_BACK: (1, 0),
    MovementKind.SCRAP: (-1, 0), MovementKind.MAINTAIN: (0, 0), MovementKind.RECOVER: (1, 0),
    MovementKind.RESERVE: (0, 1), MovementKind.RELEASE: (0, -1), MovementKind.DISPATCH_ISSUE: (-1, -1),
}
# the kinds an officer records by hand on the 出入库登记 page (the others come from 调拨 and dispatch)
MANUAL_KINDS = [MovementKind.RECEIVE, MovementKind.ISSUE, MovementKind.LEND, MovementKind.GIVE_BACK,
                MovementKind.SCRAP, MovementKind.MAINTAIN, MovementKind.RECOVER]


class TeamKind(models.TextChoices):
    PROFESSIONAL = "professional", _("专业应急救援队伍")
    COMPREHENSIVE = "comprehensive", _("综合性消防救援队伍")
    TOWNSHIP = "township", _("乡镇（街道）应急救援队伍")
    ENTERPRISE = "enterprise", _("企业专兼职救援队伍")
    SOCIAL = "social", _("社会应急力量")
    FIRST_RESPONDER = "first_responder", _("应急第一响应人")


class TeamStatus(models.TextChoices):
    STANDBY = "standby", _("待命")
    DEPLOYED = "deployed", _("出动")
    RESTING = "resting", _("休整")


class EquipmentKind(models.TextChoices):
    EQUIPMENT = "equipment", _("装备")
    VEHICLE = "vehicle", _("车辆")
    BOAT = "boat", _("船艇")


class ExpertField(models.TextChoices):
    HAZCHEM = "hazchem", _("危险化学品")
    MINING = "mining", _("非煤矿山")
    FIRE = "fire", _("消防与森林防火")
    FLOOD = "flood", _("防汛抗旱")
    GEOLOGY = "geology", _("地质灾害")
    EARTHQUAKE = "earthquake", _("地震")
    METEOROLOGY = "meteorology", _("气象")
    CONSTRUCTION = "construction", _("建筑施工")
    INDUSTRY = "industry", _("工贸行业")
    MEDICAL = "medical", _("医疗救护")
    OTHER = "other", _("其他")


class ShelterKind(models.TextChoices):
    OUTDOOR = "outdoor", _("室外避难场所")
    INDOOR = "indoor", _("室内避难场所")
    SCHOOL = "school", _("学校")
    STADIUM = "stadium", _("体育场馆")
    PARK = "park", _("公园绿地")
    COMMUNITY = "community", _("社区服务中心")


class ShelterLevel(models.TextChoices):
    CENTRAL = "central", _("中心避难场所")
    FIXED = "fixed", _("固定避难场所")
    IMMEDIATE = "immediate", _("紧急避难场所")


class ShelterStatus(models.TextChoices):
    OPEN = "open", _("开放")
    CLOSED = "closed", _("关闭")


class DispatchKind(models.TextChoices):
    TEAM = "team", _("救援队伍")
    SUPPLY = "supply", _("应急物资")
    SHELTER = "shelter", _("避难场所安置")


class DispatchState(models.TextChoices):
    ACTIVE = "active", _("已调派")
    RETURNED = "returned", _("已返回")
