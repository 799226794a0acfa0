from django.db import models
from django.utils.translation import gettext_lazy as _


class BaselineIndicator(models.TextChoices):
    """The report's figures a 基期 (an earlier year's total) may be entered for; the value is the section's key."""

    ACCIDENTS = "accidents", _("生产安全事故起数")
    ACCIDENT_DEATHS = "accident_deaths", _("生产安全事故死亡人数")
    ACCIDENT_INJURIES = "accident_injuries", _("生产安全事故受伤人数")
    ACCIDENT_LOSS = "accident_loss", _("生产安全事故直接经济损失（万元）")
    HAZARDS = "hazards", _("排查发现隐患数")
    HAZARDS_CLOSED = "hazards_closed", _("隐患整改销号数")
    INSPECTIONS = "inspections", _("监督检查次数")
    CASES = "cases", _("立案查处案件数")
    FINES = "fines", _("罚没金额（万元）")
    DISASTER_LOSS = "disaster_loss", _("自然灾害直接经济损失（万元）")


# the unit each indicator is stated in; those in 万元 may have decimals, the others are whole counts
INDICATOR_UNITS = {
    BaselineIndicator.ACCIDENTS: "起", BaselineIndicator.ACCIDENT_DEATHS: "人",
    BaselineIndicator.ACCIDENT_INJURIES: "人", BaselineIndicator.ACCIDENT_LOSS: "万元",
    BaselineIndicator.HAZARDS: "处", BaselineIndicator.HAZARDS_CLOSED: "处", BaselineIndicator.INSPECTIONS: "次",
    BaselineIndicator.CASES: "起", BaselineIndicator.FINES: "万元", BaselineIndicator.DISASTER_LOSS: "万元",
}
