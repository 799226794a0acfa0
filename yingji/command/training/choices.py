from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PRINCIPAL = "principal", _("企业主要负责人")
    SAFETY_MANAGER = "safety_manager", _("安全生产管理人员")
    SPECIAL_OPERATION = "special_operation", _("特种作业人员")
    EMPLOYEE = "employee", _("企业从业人员")
    TOWNSHIP_CADRE = "township_cadre", _("乡镇（街道）干部")
    INFO_OFFICER = "info_officer", _("灾害信息员")
    FIRST_RESPONDER = "first_responder", _("应急第一响应人")
    RESCUE = "rescue", _("应急救援队员")
    PUBLIC = "public", _("社会公众")
    OTHER = "other", _("其他")


class TrainingMode(models.TextChoices):
    ONSITE = "onsite", _("线下集中培训")
    ONLINE = "online", _("线上培训")
    MIXED = "mixed", _("线上线下结合")


class Campaign(models.TextChoices):
    SAFETY_MONTH = "safety_month", _("安全生产月")
    DISASTER_DAY = "disaster_day", _("5·12防灾减灾日")
    INTERNATIONAL_DAY = "international_day", _("10·13国际减灾日")
    FIRE_DAY = "fire_day", _("11·9消防宣传月（119）")
    LAW_WEEK = "law_week", _("安全生产法宣传周")
    ROUTINE = "routine", _("日常宣传")
    OTHER = "other", _("其他")


class Venue(models.TextChoices):
    """Where the activity went: the "五进" (进企业、进农村、进社区、进学校、进家庭) and others."""

    ENTERPRISE = "enterprise", _("进企业")
    VILLAGE = "village", _("进农村")
    COMMUNITY = "community", _("进社区")
    SCHOOL = "school", _("进学校")
    HOME = "home", _("进家庭")
    PUBLIC_PLACE = "public_place", _("公共场所")
    ONLINE = "online", _("网络媒体")
    OTHER = "other", _("其他")


FIVE_INTO = (Venue.ENTERPRISE, Venue.VILLAGE, Venue.COMMUNITY, Venue.SCHOOL, Venue.HOME)
