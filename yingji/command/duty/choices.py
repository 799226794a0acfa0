from django.db import models
from django.utils.translation import gettext_lazy as _


class PostCode(models.TextChoices):
    """The duty posts of a county bureau (临沂 DB3713/T 309-2023: 带班领导 plus ≥3 duty staff for a county)."""

    LEADER = "leader", _("带班领导")
    CHIEF = "chief", _("值班长")
    OFFICER = "officer", _("值班员")
    TECHNICAL = "technical", _("技术值班")
    DRIVER = "driver", _("驾驶员")


class Origin(models.TextChoices):
    ROTATION = "rotation", _("轮班生成")
    SWAP = "swap", _("换班")
    SUBSTITUTE = "substitute", _("替班")
    EDIT = "edit", _("调整")


class LogKind(models.TextChoices):
    CALL_IN = "call_in", _("来电")
    CALL_OUT = "call_out", _("去电")
    FAX = "fax", _("传真/文件")
    ACTION = "action", _("处置")
    INSPECTION = "inspection", _("查岗")
    OTHER = "other", _("其他")
