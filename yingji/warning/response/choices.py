from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanType(models.TextChoices):
    """The special plans (专项应急预案) a county response is started under."""

    FLOOD = "flood", _("防汛抗旱")
    FOREST_FIRE = "forest_fire", _("森林防灭火")
    GEOHAZARD = "geohazard", _("地质灾害")
    EARTHQUAKE = "earthquake", _("地震")
    WORK_SAFETY = "work_safety", _("安全生产事故")
    SNOW_ICE = "snow_ice", _("低温雨雪冰冻")


# the short name in "启动防汛Ⅳ级应急响应"
PLAN_SHORT = {PlanType.FLOOD: "防汛", PlanType.FOREST_FIRE: "森林防灭火", PlanType.GEOHAZARD: "地质灾害",
              PlanType.EARTHQUAKE: "地震", PlanType.WORK_SAFETY: "安全生产事故", PlanType.SNOW_ICE: "低温雨雪冰冻"}


class ResponseLevel(models.IntegerChoices):
    """Ⅰ is the highest; raising a response lowers the number."""

    IV = 4, _("Ⅳ级")
    III = 3, _("Ⅲ级")
    II = 2, _("Ⅱ级")
    I = 1, _("Ⅰ级")  # noqa: E741


class ResponseState(models.TextChoices):
    PROPOSED = "proposed", _("拟启动")
    ACTIVE = "active", _("响应中")
    ENDED = "ended", _("已终止")


class TaskSource(models.TextChoices):
    RULE = "rule", _("预案规定")
    FORECAST = "forecast", _("预报提示")
    MANUAL = "manual", _("临时部署")


class StepState(models.TextChoices):
    PREPARED = "prepared", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("已忽略")
