from django.db import models
from django.utils.translation import gettext_lazy as _


class TipoffChannel(models.TextChoices):
    HOTLINE = "hotline", _("电话12350")
    ONLINE = "online", _("网络")
    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")


class TipoffState(models.TextChoices):
    PENDING = "pending", _("待核查")
    VERIFYING = "verifying", _("核查中")
    CONFIRMED = "confirmed", _("属实")
    UNFOUNDED = "unfounded", _("不属实")
    CONVERTED = "converted", _("已转为隐患")
    INSPECTED = "inspected", _("已转为检查")
