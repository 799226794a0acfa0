from django.db import models
from django.utils.translation import gettext_lazy as _


class DisasterType(models.TextChoices):
    """灾种 (自然灾害情况统计调查制度); counties report the sub-type (亚灾种)."""

    FLOOD = "flood", _("暴雨洪涝")
    TYPHOON = "typhoon", _("台风")
    DROUGHT = "drought", _("干旱")
    HAIL = "hail", _("风雹")
    LOW_TEMPERATURE = "low_temperature", _("低温冷冻")
    SNOW = "snow", _("雪灾")
    EARTHQUAKE = "earthquake", _("地震")
    LANDSLIDE = "landslide", _("地质灾害（滑坡）")
    ROCKFALL = "rockfall", _("地质灾害（崩塌）")
    DEBRIS_FLOW = "debris_flow", _("地质灾害（泥石流）")
    FOREST_FIRE = "forest_fire", _("森林草原火灾")
    STORM_SURGE = "storm_surge", _("风暴潮")
    BIOLOGICAL = "biological", _("重大生物灾害")
    OTHER = "other", _("其他")


class LossReportKind(models.TextChoices):
    INITIAL = "initial", _("初报")
    FOLLOW_UP = "follow_up", _("续报")
    VERIFIED = "verified", _("核报")


class LossDuty(models.TextChoices):
    INITIAL = "initial", _("初报时限（自灾害发生起）")
    FOLLOW_UP = "follow_up", _("续报间隔（自上一次报告起）")
    VERIFIED = "verified", _("核报时限（自灾情稳定起）")
    ESCALATE = "escalate", _("死亡失踪达到人数时同时报省级和应急管理部")
