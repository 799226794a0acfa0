"""双随机抽查 (double-random draws): the draw with its seed, pools and result, and its publication (审核公示).

Moved out of inspections (issue 8) with their tables (Meta.db_table keeps the inspections_ names, so an existing
database keeps its rows; migrations/0001 and inspections/0008 move the state and the content types)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import AuditedMixin, BusinessModel
from yingji.platform.core.workflow import WorkflowEvent

from .choices import DrawStatus


class Draw(BusinessModel):
    """A 双随机 draw: its seed, the ordered pools and conflicts it drew from, its parameters and its result."""

    title = models.CharField(_("抽查名称"), max_length=150)
    region = models.ForeignKey("regions.Region", verbose_name=_("抽查区划"), on_delete=models.PROTECT,
                               related_name="+")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("专项行动"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="draws")
    drawn_on = models.DateField(_("抽取日期"), default=timezone.localdate)
    seed = models.BigIntegerField(_("随机种子"), editable=False)
    parameters = models.JSONField(_("抽取条件"), default=dict, editable=False)
    pool = models.JSONField(_("企业名录（编号，升序）"), default=list, editable=False)
    inspector_pool = models.JSONField(_("执法人员名录（编号，升序）"), default=list, editable=False)
    conflicts = models.JSONField(_("回避关系"), default=dict, editable=False,
                                 help_text=_("企业编号 → 须回避的执法人员编号"))
    status = models.CharField(_("状态"), max_length=12, choices=DrawStatus, default=DrawStatus.DRAWN,
                              editable=False)
    published_at = models.DateTimeField(_("审核公示时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                     editable=False, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("双随机抽查")
        verbose_name_plural = _("双随机抽查")
        ordering = ["-drawn_on", "-pk"]
        permissions = [("approve_draw", _("审核公示双随机抽查结果"))]
        db_table = "inspections_draw"  # moved from inspections (issue 8): the table keeps its name

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("draws:draw_detail", args=[self.pk])


class DrawItem(AuditedMixin, models.Model):
    draw = models.ForeignKey(Draw, verbose_name=_("抽查"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("序号"))
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="draw_items")
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("执法人员"), related_name="+")

    audit_parent = "draw"

    class Meta:
        verbose_name = _("抽查结果")
        verbose_name_plural = _("抽查结果")
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "position"], name="drawitem_unique_position")]
        db_table = "inspections_drawitem"

    def __str__(self):
        return f"{self.draw} #{self.position} {self.enterprise}"


class DrawEvent(WorkflowEvent):
    """The publication (审核公示) of a draw's result: who confirmed it, when (services.publish_draw)."""

    draw = models.ForeignKey(Draw, verbose_name=_("双随机抽查"), on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(_("原状态"), max_length=20, choices=DrawStatus)
    to_state = models.CharField(_("新状态"), max_length=20, choices=DrawStatus)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("双随机抽查审核记录")
        verbose_name_plural = _("双随机抽查审核记录")
        db_table = "inspections_drawevent"
