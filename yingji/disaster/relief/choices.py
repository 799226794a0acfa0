from django.db import models
from django.utils.translation import gettext_lazy as _


class FundLevel(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class FundKind(models.TextChoices):
    MONEY = "money", _("资金")
    GOODS = "goods", _("物资")


class ReliefCategory(models.TextChoices):
    EMERGENCY = "emergency", _("应急救助")
    TRANSITIONAL = "transitional", _("过渡期生活救助")
    WINTER_SPRING = "winter_spring", _("冬春救助")
    REBUILD = "rebuild", _("倒损民房恢复重建")
    HOUSE_FIRE = "house_fire", _("家庭火灾救助")
    OTHER = "other", _("其他")


class RecipientKind(models.TextChoices):
    HOUSEHOLD = "household", _("户")
    PERSON = "person", _("个人")
