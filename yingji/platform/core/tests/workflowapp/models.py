from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel
from yingji.platform.core.workflow import WorkflowEvent


class PermitState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回")


class Permit(BusinessModel):
    """A permit application: 草稿 → 待审批 → 已批准, or 退回 to 已退回 and submitted again."""

    title = models.CharField(_("事项"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+")
    state = models.CharField(_("状态"), max_length=12, choices=PermitState, default=PermitState.DRAFT)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("测试许可")
        verbose_name_plural = _("测试许可")
        permissions = [("approve_permit", _("审批测试许可"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workflowtest:permit_detail", args=[self.pk])


class PermitEvent(WorkflowEvent):
    permit = models.ForeignKey(Permit, verbose_name=_("测试许可"), on_delete=models.PROTECT, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("测试许可流转记录")
        verbose_name_plural = _("测试许可流转记录")
