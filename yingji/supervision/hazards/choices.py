from django.db import models
from django.utils.translation import gettext_lazy as _


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大事故隐患")


class HazardCategory(models.TextChoices):
    """隐患类别 as bureaus' 隐患排查 forms group them (基础管理 and 现场管理 subdivided)."""

    MANAGEMENT = "management", _("基础管理（制度、培训、台账、证照）")
    EQUIPMENT = "equipment", _("设备设施")
    SITE = "site", _("作业场所与环境")
    BEHAVIOUR = "behaviour", _("人员操作行为")
    FIRE = "fire", _("消防安全")
    ELECTRICAL = "electrical", _("用电安全")
    CHEMICALS = "chemicals", _("危险化学品储存使用")
    CONFINED_SPACE = "confined_space", _("有限空间作业")
    DUST = "dust", _("粉尘防爆")
    OTHER = "other", _("其他")


class HazardSource(models.TextChoices):
    """隐患来源, also the 来源 of the statistics (?source=): who found it."""

    SELF_INSPECTION = "self_inspection", _("企业自查")
    DEPARTMENT = "department", _("部门检查")
    BUREAU = "bureau", _("本局执法检查")
    SUPERVISION = "supervision", _("督导检查")
    GRID = "grid", _("网格巡查")
    PUBLIC_REPORT = "public_report", _("群众举报")


class HazardState(models.TextChoices):
    PENDING = "pending", _("待整改")
    IN_PROGRESS = "in_progress", _("整改中")
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("待验收")
    CLOSED = "closed", _("已销号")


class SupervisionLevel(models.TextChoices):
    """挂牌督办 level."""

    COUNTY = "county", _("县级挂牌督办")
    CITY = "city", _("市级挂牌督办")
    PROVINCE = "province", _("省级挂牌督办")


class CriterionStandard(models.TextChoices):
    INDUSTRY_TRADE = "industry_trade", _("工贸企业重大事故隐患判定标准（应急管理部令第10号）")
    CHEMICALS = "chemicals", _("化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）（安监总管三〔2017〕121号）")
    OTHER = "other", _("其他判定标准")
