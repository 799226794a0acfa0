from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    BUREAU = "bureau", _("应急管理局")
    SECTION = "section", _("局内股室")
    TOWNSHIP_OFFICE = "township_office", _("乡镇（街道）应急办")
    INDUSTRY = "industry", _("行业主管部门")
    COMMITTEE = "committee", _("议事协调机构")
    RESCUE = "rescue", _("救援队伍")
    OTHER = "other", _("其他单位")


class Industry(models.TextChoices):
    """行业主管部门 ("管行业必须管安全"): the departments records can be assigned to."""

    EMERGENCY = "emergency", _("应急管理")
    HOUSING = "housing", _("住房和城乡建设")
    TRANSPORT = "transport", _("交通运输")
    FIRE = "fire", _("消防救援")
    MARKET = "market", _("市场监督管理")
    NATURAL_RESOURCES = "natural_resources", _("自然资源")
    WATER = "water", _("水利")
    FORESTRY = "forestry", _("林业和草原")
    METEOROLOGY = "meteorology", _("气象")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("卫生健康")
    PUBLIC_SECURITY = "public_security", _("公安")
    ECONOMY = "economy", _("经济和信息化")
    AGRICULTURE = "agriculture", _("农业农村")
    COMMERCE = "commerce", _("商务")
    CULTURE = "culture", _("文化和旅游")
    OTHER = "other", _("其他")


class CommitteeKind(models.TextChoices):
    SAFETY = "safety", _("安全生产委员会")
    DISASTER = "disaster", _("减灾委员会")
    FLOOD = "flood", _("防汛抗旱指挥部")
    FOREST_FIRE = "forest_fire", _("森林防灭火指挥部")
    OTHER = "other", _("其他")
