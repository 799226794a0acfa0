from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    """检查方式 of an inspection record."""

    ENFORCEMENT = "enforcement", _("执法检查")
    SUPERVISION = "supervision", _("督导检查")
    SPECIAL = "special", _("专项检查")
    UNANNOUNCED = "unannounced", _("明查暗访")
    SELF = "self", _("企业自查")


# kinds that the bureau (not the enterprise) carries out: the ones that count as 部门检查 and towards the plan
DEPARTMENT_KINDS = (InspectionKind.ENFORCEMENT, InspectionKind.SUPERVISION, InspectionKind.SPECIAL,
                    InspectionKind.UNANNOUNCED)

# an enforcement inspection is carried out by at least two certified officers (行政处罚法 Art. 42)
MIN_ENFORCEMENT_INSPECTORS = 2


class ItemResult(models.TextChoices):
    COMPLIANT = "compliant", _("符合")
    NONCOMPLIANT = "noncompliant", _("不符合")
    NOT_APPLICABLE = "na", _("不适用")


class ReviewState(models.TextChoices):
    """An inspection record's review (审核), read from reviewed_at: the state of its one-step workflow."""

    RECORDED = "recorded", _("待审核")
    REVIEWED = "reviewed", _("已审核")


class VisitTarget(models.TextChoices):
    TOWNSHIP = "township", _("乡镇（街道）")
    DEPARTMENT = "department", _("行业部门")
