"""Inspection records (监督检查): the inspector register, checklists, inspections, supervision visits and notices.
The double-random draws are yingji.supervision.draws, the annual plan yingji.supervision.inspection_plans and the
campaigns (专项行动) yingji.supervision.campaigns."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import AuditedMixin, BusinessModel, ScopedMixin, ScopedQuerySet
from yingji.platform.core.workflow import WorkflowEvent
from yingji.supervision.enterprises.choices import Sector

from .choices import InspectionKind, ItemResult, ReviewState, VisitTarget


# --- checklists ---------------------------------------------------------------------------------------------------
class ChecklistTemplate(BusinessModel):
    """检查表: the items an inspector goes through at an enterprise of a sector; an administrator keeps them."""

    name = models.CharField(_("检查表名称"), max_length=120)
    sector = models.CharField(_("适用行业"), max_length=24, choices=Sector)
    region = models.ForeignKey("regions.Region", verbose_name=_("制定区划"), on_delete=models.PROTECT,
                               related_name="+")
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("检查表")
        verbose_name_plural = _("检查表")
        ordering = ["sector", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspections:checklisttemplate_detail", args=[self.pk])


class ChecklistItem(AuditedMixin, models.Model):
    template = models.ForeignKey(ChecklistTemplate, verbose_name=_("检查表"), on_delete=models.CASCADE,
                                 related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    text = models.CharField(_("检查内容"), max_length=300)
    basis = models.CharField(_("检查依据"), max_length=200, blank=True)

    audit_parent = "template"  # its audit rows carry the checklist's region and show in the checklist's history

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["template", "position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.text}"


# --- inspectors ---------------------------------------------------------------------------------------------------
class CertificateQuerySet(ScopedQuerySet):
    def valid_on(self, day):
        return self.filter(voided_at__isnull=True, valid_until__gte=day, user__is_active=True).filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day))


class InspectorCertificate(BusinessModel):
    """行政执法证: only an inspector holding a valid one is drawn (执法检查人员名录库)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("执法人员"), on_delete=models.PROTECT,
                             related_name="inspector_certificates")
    certificate_no = models.CharField(_("执法证号"), max_length=40, unique=True,
                                      error_messages={"unique": _("该执法证号已登记")})
    issued_by = models.CharField(_("发证机关"), max_length=100, blank=True)
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"))
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("执法证")
        verbose_name_plural = _("执法证")
        ordering = ["user__username", "-valid_until"]

    def __str__(self):
        return f"{self.user}（{self.certificate_no}）"

    def get_absolute_url(self):
        return reverse("inspections:inspectorcertificate_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.user_id:
            if self.user.region_id is None:
                raise ValidationError({"user": _("该用户没有管辖区划，不能登记执法证")})
            self.region_id = self.user.region_id
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("有效期至不能早于有效期自")})

    def save(self, *args, **kwargs):
        if self.user_id and not self.region_id:
            self.region_id = self.user.region_id
        super().save(*args, **kwargs)


# --- inspection records -------------------------------------------------------------------------------------------
# the 检查方式 that count under each 来源 of the statistics (inspection_source_q)
INSPECTION_KINDS_OF_SOURCE = {
    "self_inspection": (InspectionKind.SELF,),
    "bureau": (InspectionKind.ENFORCEMENT, InspectionKind.SPECIAL, InspectionKind.UNANNOUNCED),
    "supervision": (InspectionKind.SUPERVISION,),
}


def inspection_source_q(source):
    """The inspections of a 来源 (hazards.choices.HazardSource): 企业自查 ← 企业自查, 本局执法检查 ← 执法检查、专项检查、
    明查暗访, 督导检查 ← 督导检查; no inspection records another source (部门检查 by an industry department, 网格巡查 and
    群众举报 are recorded as hazards, not as inspections)."""
    kinds = INSPECTION_KINDS_OF_SOURCE.get(source)
    return models.Q(kind__in=kinds) if kinds else models.Q(pk__in=[])


class Inspection(BusinessModel):
    """现场检查记录."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("被检查单位"), on_delete=models.PROTECT,
                                   related_name="inspections")
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    inspected_on = models.DateField(_("检查日期"))
    kind = models.CharField(_("检查方式"), max_length=16, choices=InspectionKind,
                            default=InspectionKind.ENFORCEMENT)
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("检查人员"),
                                        related_name="inspections", blank=True)
    site_contact = models.CharField(_("被检查单位现场负责人"), max_length=60, blank=True)
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("专项行动"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="inspections")
    plan_item = models.ForeignKey("inspection_plans.PlannedInspection", verbose_name=_("年度计划检查"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="inspections")
    draw_item = models.ForeignKey("draws.DrawItem", verbose_name=_("双随机抽查"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="inspections")
    checklist = models.ForeignKey(ChecklistTemplate, verbose_name=_("检查表"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="inspections")
    findings = models.TextField(_("检查情况及发现的问题"), blank=True)
    hazards = models.ManyToManyField("hazards.Hazard", verbose_name=_("发现的隐患"), blank=True,
                                     related_name="inspections")
    order_items = models.TextField(_("责令整改事项"), blank=True,
                                   help_text=_("每行一项；填写后可生成《责令限期整改指令书》"))
    rectify_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    document_no = models.CharField(_("文书编号"), max_length=60, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    editable=False, on_delete=models.PROTECT, related_name="+")

    scope_department_field = "enterprise__supervising_department"
    scope_enterprise_field = "enterprise"  # 企业端: an enterprise account sees its own inspections only
    # the statistics parameters (core.stats.narrow): ?campaign= the attributed ones; ?source= by 检查方式
    stats_filters = {"campaign": "campaign", "source": inspection_source_q}

    class Meta:
        verbose_name = _("监督检查记录")
        verbose_name_plural = _("监督检查记录")
        ordering = ["-inspected_on", "-pk"]
        permissions = [("approve_inspection", _("审核监督检查记录"))]
        indexes = [models.Index(fields=["region", "inspected_on"], name="inspection_region_date"),
                   models.Index(fields=["enterprise", "inspected_on"], name="inspection_enterprise_date")]

    def __str__(self):
        date = self.inspected_on.strftime("%Y-%m-%d") if self.inspected_on else ""
        return f"{date} {self.enterprise if self.enterprise_id else ''}{self.get_kind_display()}".strip()

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.pk])

    def order_lines(self):
        return [line.strip() for line in self.order_items.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        errors = {}
        if self.enterprise_id:
            self.region_id = self.enterprise.region_id
        today = timezone.localdate()
        if self.inspected_on and self.inspected_on > today:
            errors["inspected_on"] = _("检查日期不能晚于今天")
        if self.rectify_deadline and self.inspected_on and self.rectify_deadline < self.inspected_on:
            errors["rectify_deadline"] = _("整改期限不能早于检查日期")
        if self.order_lines() and not self.rectify_deadline:
            errors["rectify_deadline"] = _("填写了责令整改事项时须填写整改期限")
        if self.campaign_id and self.inspected_on and not (
                self.campaign.start_date <= self.inspected_on <= self.campaign.end_date):
            errors["campaign"] = _("检查日期不在专项行动期间（%(a)s 至 %(b)s）") % {
                "a": self.campaign.start_date, "b": self.campaign.end_date}
        elif self.campaign_id and self.enterprise_id:
            problem = self.campaign.attribution_error(None, self.enterprise.region)
            if problem:
                errors["campaign"] = problem
        if self.plan_item_id:
            if self.plan_item.enterprise_id != self.enterprise_id:
                errors["plan_item"] = _("年度计划检查的企业与被检查单位不一致")
            elif self.inspected_on and self.inspected_on.year != self.plan_item.plan.year:
                errors["plan_item"] = _("检查日期不在该计划年度内")
        if self.draw_item_id and self.draw_item.enterprise_id != self.enterprise_id:
            errors["draw_item"] = _("双随机抽查结果的企业与被检查单位不一致")
        if self.checklist_id and self.enterprise_id and self.checklist.sector != self.enterprise.sector:
            errors["checklist"] = _("检查表的适用行业与企业行业不一致")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.enterprise_id:
            self.region_id = self.enterprise.region_id
        super().save(*args, **kwargs)


class ChecklistAnswer(AuditedMixin, models.Model):
    inspection = models.ForeignKey(Inspection, verbose_name=_("检查记录"), on_delete=models.CASCADE,
                                   related_name="answers")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("检查项"), on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("检查结果"), max_length=12, choices=ItemResult)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    audit_parent = "inspection"

    class Meta:
        verbose_name = _("检查表结果")
        verbose_name_plural = _("检查表结果")
        ordering = ["inspection", "item__position", "item_id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="checklistanswer_unique_item")]

    def __str__(self):
        return f"{self.item}：{self.get_result_display()}"


class InspectionPhoto(ScopedMixin, AuditedMixin, models.Model):
    """A photo taken at the inspection (.jpg/.png), served only to users who may see the inspection."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("检查记录"), on_delete=models.PROTECT,
                                   related_name="photos")
    file = models.FileField(_("照片"), upload_to="inspections/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)

    scope_region_field = "inspection__region"
    audit_parent = "inspection"  # the photo's changes show in the inspection's history
    scope_department_field = "inspection__enterprise__supervising_department"
    scope_enterprise_field = "inspection__enterprise"  # 企业端: the photos of the inspections of its own site
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查照片")
        verbose_name_plural = _("检查照片")
        ordering = ["inspection", "uploaded_at", "pk"]

    def __str__(self):
        return self.caption or self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self):
        return reverse("inspections:inspectionphoto_file", args=[self.pk])


# --- supervision of townships and departments ---------------------------------------------------------------------
class SupervisionVisit(BusinessModel):
    """督导检查 of a township (乡镇/街道) or an industry department by the bureau's 督导组."""

    target_kind = models.CharField(_("督导对象类别"), max_length=12, choices=VisitTarget)
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("被督导单位"), on_delete=models.PROTECT,
                                     related_name="supervision_visits",
                                     limit_choices_to={"kind__in": ["township_office", "industry"]})
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+",
                               editable=False)
    visited_on = models.DateField(_("督导日期"))
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("督导组成员"), related_name="+")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("专项行动"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="supervision_visits")
    subject = models.CharField(_("督导内容"), max_length=200)
    findings = models.TextField(_("发现的问题"), blank=True)
    requirements = models.TextField(_("整改要求"), blank=True)
    rectify_deadline = models.DateField(_("整改期限"), null=True, blank=True)

    scope_department_field = "organisation"

    class Meta:
        verbose_name = _("督导检查")
        verbose_name_plural = _("督导检查")
        ordering = ["-visited_on", "-pk"]

    def __str__(self):
        date = self.visited_on.strftime("%Y-%m-%d") if self.visited_on else ""
        return f"{date} {self.organisation if self.organisation_id else ''}".strip()

    def get_absolute_url(self):
        return reverse("inspections:supervisionvisit_detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.organisation_id:
            self.region_id = self.organisation.region_id
            expected = {VisitTarget.TOWNSHIP: "township_office", VisitTarget.DEPARTMENT: "industry"}.get(
                self.target_kind)
            if expected and self.organisation.kind != expected:
                errors["organisation"] = _("被督导单位与督导对象类别不符：请选择%(k)s") % {
                    "k": _("乡镇（街道）应急办") if expected == "township_office" else _("行业主管部门")}
        if self.visited_on and self.visited_on > timezone.localdate():
            errors["visited_on"] = _("督导日期不能晚于今天")
        if self.rectify_deadline and self.visited_on and self.rectify_deadline < self.visited_on:
            errors["rectify_deadline"] = _("整改期限不能早于督导日期")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.organisation_id:
            self.region_id = self.organisation.region_id
        super().save(*args, **kwargs)


class SupervisionNotice(BusinessModel):
    """督导通报: the notice the bureau issues on what its supervision visits found."""

    title = models.CharField(_("通报标题"), max_length=150)
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"))
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    visits = models.ManyToManyField(SupervisionVisit, verbose_name=_("通报的督导检查"), blank=True,
                                    related_name="notices")
    content = models.TextField(_("通报内容"))

    class Meta:
        verbose_name = _("督导通报")
        verbose_name_plural = _("督导通报")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:supervisionnotice_detail", args=[self.pk])


class InspectionEvent(WorkflowEvent):
    """The review (审核) of an inspection record: who reviewed it, when (services.review_inspection)."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("检查记录"), on_delete=models.PROTECT,
                                   related_name="events")
    from_state = models.CharField(_("原状态"), max_length=20, choices=ReviewState)
    to_state = models.CharField(_("新状态"), max_length=20, choices=ReviewState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("检查记录审核记录")
        verbose_name_plural = _("检查记录审核记录")
