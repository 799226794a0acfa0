"""应急预案, their versions, response levels and filing; drill and evaluation cycles as rule rows; 演练 and findings.

A plan's text is kept as versions (PlanVersion rows, never overwritten: a revision is a new row). The response
levels (Ⅳ→Ⅰ) and the actions each unit takes at each level are child rows edited with the plan. An enterprise plan
goes through 备案 (提交 → 受理 → 备案/退回, services.FILING). The next drill and the next evaluation a plan owes are
computed from the cycle rules (PlanCycleRule) and stored on the plan (drill_due, evaluation_due), refreshed when the
plan, one of its drills or a version changes, and every day by the sweep (a changed rule reaches every plan).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import (
    AuditedMixin,
    BusinessModel,
    RecordDeletionForbidden,
    ScopedMixin,
    ScopedQuerySet,
)
from yingji.platform.core.rules import RuleRow
from yingji.platform.core.validators import validate_credit_code
from yingji.platform.core.workflow import WorkflowEvent

from .choices import (
    CycleDuty,
    CycleSubject,
    DrillKind,
    EnterprisePart,
    EventType,
    FilingState,
    FindingState,
    PlanKind,
    ResponseLevel,
    RevisionReason,
)
from .files import validate_document, validate_photo


class PlanCycleRule(RuleRow):
    """How often a plan of a subject must be drilled or evaluated (in months), with its legal basis."""

    duty = models.CharField(_("事项"), max_length=12, choices=CycleDuty)
    subject = models.CharField(_("适用预案"), max_length=24, choices=CycleSubject)
    months = models.PositiveSmallIntegerField(_("周期（月）"), help_text=_("至少每多少个月一次，如 6、12、24、36"))

    rule_key = ("duty", "subject")
    choice_aliases = {"duty": {"演练": CycleDuty.DRILL, "评估": CycleDuty.EVALUATION}}
    rule_order = 60

    class Meta:
        verbose_name = _("预案演练与评估周期")
        verbose_name_plural = _("预案演练与评估周期")
        ordering = ["duty", "subject", "pk"]

    def __str__(self):
        return f"{self.get_subject_display()}：每{self.months}个月至少{self.get_duty_display()}一次"

    def clean(self):
        if self.months is not None and not 1 <= self.months <= 120:
            raise ValidationError({"months": _("周期应在 1 至 120 个月之间")})
        super().clean()


def add_months(day, months):
    """The same day `months` later (the last day of the month when it has fewer days)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


class PlanQuerySet(ScopedQuerySet):
    def in_force(self, on=None):
        """Issued, not abolished and not voided on `on` (default today)."""
        on = on or timezone.localdate()
        return self.filter(voided_at__isnull=True, issued_on__lte=on).filter(
            models.Q(abolished_on__isnull=True) | models.Q(abolished_on__gt=on))

    def drill_overdue(self, on=None):
        return self.in_force(on).filter(drill_due__lt=on or timezone.localdate())

    def drill_due_within(self, days, on=None):
        on = on or timezone.localdate()
        return self.in_force(on).filter(drill_due__gte=on, drill_due__lte=on + datetime.timedelta(days=days))

    def evaluation_overdue(self, on=None):
        return self.in_force(on).filter(evaluation_due__lt=on or timezone.localdate())


class Plan(BusinessModel):
    """An 应急预案: who owns it, where it applies, when it was issued and last evaluated, what it owes."""

    name = models.CharField(_("预案名称"), max_length=200)
    kind = models.CharField(_("预案类别"), max_length=16, choices=PlanKind)
    enterprise_part = models.CharField(_("企业预案类型"), max_length=16, choices=EnterprisePart, blank=True,
                                       help_text=_("企业预案填写：综合应急预案、专项应急预案或现场处置方案"))
    event_type = models.CharField(_("适用事件类型"), max_length=20, choices=EventType, default=EventType.ALL)
    production_safety = models.BooleanField(
        _("生产安全事故应急预案"), default=False,
        help_text=_("政府、部门或乡镇（街道）的生产安全事故应急预案，至少每2年演练一次（《生产安全事故应急条例》第八条）"))
    high_risk = models.BooleanField(
        _("高危或人员密集场所单位"), default=False,
        help_text=_("危险物品、矿山、金属冶炼、城轨运营、建筑施工单位及宾馆、商场、娱乐场所、旅游景区等，至少每半年演练一次"))
    owner = models.ForeignKey("accounts.Organisation", verbose_name=_("编制单位"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text=_("政府、部门、乡镇（街道）、村（社区）预案的编制单位"))
    owner_name = models.CharField(_("编制单位（系统外）"), max_length=200, blank=True,
                                  help_text=_("企业或活动主办单位的名称"))
    owner_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True,
                                         validators=[validate_credit_code])
    region = models.ForeignKey("regions.Region", verbose_name=_("适用区划"), on_delete=models.PROTECT,
                               related_name="+")
    document_no = models.CharField(_("印发文号"), max_length=80, blank=True)
    issued_on = models.DateField(_("发布日期"), help_text=_("预案首次印发（发布）的日期"))
    last_evaluated_on = models.DateField(_("最近评估日期"), null=True, blank=True)
    evaluation_note = models.TextField(_("评估结论"), blank=True)
    abolished_on = models.DateField(_("废止日期"), null=True, blank=True)
    drill_due = models.DateField(_("下次演练期限"), null=True, blank=True, editable=False)
    evaluation_due = models.DateField(_("下次评估期限"), null=True, blank=True, editable=False)
    filing_state = models.CharField(_("备案状态"), max_length=16, choices=FilingState,
                                    default=FilingState.NOT_REQUIRED, editable=False)
    filing_authority = models.CharField(_("备案受理部门"), max_length=120, blank=True, editable=False)
    filing_due = models.DateField(_("备案办结期限"), null=True, blank=True, editable=False,
                                  help_text=_("受理之日起5个工作日"))
    filing_no = models.CharField(_("备案编号"), max_length=60, blank=True, editable=False)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")
        ordering = ["region__code", "kind", "name", "pk"]
        permissions = [("approve_plan", _("受理和备案企业应急预案"))]
        indexes = [models.Index(fields=["region", "kind"], name="plan_region_kind"),
                   models.Index(fields=["drill_due"], name="plan_drill_due"),
                   models.Index(fields=["event_type", "kind"], name="plan_event_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:plan_detail", args=[self.pk])

    @property
    def is_enterprise(self):
        return self.kind == PlanKind.ENTERPRISE

    @property
    def owner_label(self):
        return self.owner.name if self.owner_id else self.owner_name

    @property
    def in_force_today(self):
        today = timezone.localdate()
        return (self.voided_at is None and self.issued_on <= today
                and (self.abolished_on is None or self.abolished_on > today))

    @property
    def drill_overdue(self):
        return bool(self.drill_due and self.drill_due < timezone.localdate() and self.in_force_today)

    @property
    def evaluation_overdue(self):
        return bool(self.evaluation_due and self.evaluation_due < timezone.localdate() and self.in_force_today)

    def current_version(self):
        return self.versions.order_by("-issued_on", "-pk").first()

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.kind == PlanKind.ENTERPRISE:
            if not self.enterprise_part:
                errors["enterprise_part"] = _("企业预案须选择综合应急预案、专项应急预案或现场处置方案")
            if not self.owner_name.strip() and not self.owner_id:
                errors["owner_name"] = _("企业预案须填写企业名称")
        else:
            if self.enterprise_part:
                errors["enterprise_part"] = _("只有企业预案选择企业预案类型")
            if self.kind != PlanKind.EVENT and not self.owner_id:
                errors["owner"] = _("请选择预案的编制单位")
            if self.kind == PlanKind.EVENT and not self.owner_id and not self.owner_name.strip():
                errors["owner_name"] = _("请选择编制单位或填写活动主办单位名称")
        if self.issued_on and self.issued_on > today:
            errors["issued_on"] = _("发布日期不能晚于今天")
        if self.last_evaluated_on:
            if self.issued_on and self.last_evaluated_on < self.issued_on:
                errors["last_evaluated_on"] = _("预案评估日期（%(e)s）不能早于预案发布日期（%(i)s）") % {
                    "e": self.last_evaluated_on, "i": self.issued_on}
            elif self.last_evaluated_on > today:
                errors["last_evaluated_on"] = _("评估日期不能晚于今天")
        if self.abolished_on and self.issued_on and self.abolished_on < self.issued_on:
            errors["abolished_on"] = _("废止日期不能早于发布日期")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from . import services

        fields = kwargs.get("update_fields")
        state = self.filing_state
        if self.kind == PlanKind.ENTERPRISE and state == FilingState.NOT_REQUIRED:
            self.filing_state = FilingState.DRAFT
        elif self.kind != PlanKind.ENTERPRISE and state == FilingState.DRAFT:
            self.filing_state = FilingState.NOT_REQUIRED
        self.drill_due, self.evaluation_due = services.due_dates(self)
        if fields is not None:
            kwargs["update_fields"] = {*fields, "filing_state", "drill_due", "evaluation_due"}
        super().save(*args, **kwargs)


class PlanFilingEvent(WorkflowEvent):
    """One step of an enterprise plan's 备案."""

    plan = models.ForeignKey(Plan, verbose_name=_("应急预案"), on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(_("原状态"), max_length=16, choices=FilingState)
    to_state = models.CharField(_("新状态"), max_length=16, choices=FilingState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("预案备案记录")
        verbose_name_plural = _("预案备案记录")


class PlanChild(ScopedMixin, AuditedMixin, models.Model):
    """A row that belongs to a plan: in the plan's scope and its change history."""

    scope_region_field = "plan__region"
    audit_parent = "plan"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class PlanVersion(PlanChild):
    """One issued text of a plan. Versions are never overwritten or deleted: a revision is a new row."""

    plan = models.ForeignKey(Plan, verbose_name=_("应急预案"), on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(_("版本"), max_length=60, help_text=_("如：2024年修订版"))
    issued_on = models.DateField(_("本版发布日期"))
    document_no = models.CharField(_("印发文号"), max_length=80, blank=True)
    reason = models.CharField(_("修订原因"), max_length=16, choices=RevisionReason, default=RevisionReason.INITIAL)
    summary = models.TextField(_("修订内容"), blank=True)
    file = models.FileField(_("预案文本"), upload_to="plans/%Y/", validators=[validate_document],
                            help_text=_("PDF、Word、WPS 或 OFD，不超过 20 MB"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("预案版本")
        verbose_name_plural = _("预案版本")
        ordering = ["plan", "-issued_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "label"], name="planversion_unique_label")]

    def __str__(self):
        return f"{self.plan.name}（{self.label}）" if self.plan_id else self.label

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    def clean(self):
        super().clean()
        errors = {}
        if self.issued_on and self.plan_id and self.plan.issued_on and self.issued_on < self.plan.issued_on:
            errors["issued_on"] = _("本版发布日期不能早于预案首次发布日期（%(d)s）") % {"d": self.plan.issued_on}
        if self.issued_on and self.issued_on > timezone.localdate():
            errors["issued_on"] = _("发布日期不能晚于今天")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("预案版本一经登记不能修改；如需更正，请登记新的版本"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordDeletionForbidden(_("预案版本不能删除"))


class PlanLevel(PlanChild):
    """A response level the plan defines and what starts it (启动条件)."""

    plan = models.ForeignKey(Plan, verbose_name=_("应急预案"), on_delete=models.PROTECT, related_name="levels")
    level = models.CharField(_("响应级别"), max_length=1, choices=ResponseLevel)
    trigger = models.TextField(_("启动条件"))

    class Meta:
        verbose_name = _("响应分级")
        verbose_name_plural = _("响应分级")
        ordering = ["plan", "-level"]
        constraints = [models.UniqueConstraint(fields=["plan", "level"], name="planlevel_unique_level")]

    def __str__(self):
        return f"{self.get_level_display()}应急响应"


class PlanAction(PlanChild):
    """What one unit must do at one response level (the 明白卡 lists them)."""

    plan = models.ForeignKey(Plan, verbose_name=_("应急预案"), on_delete=models.PROTECT, related_name="actions")
    level = models.CharField(_("响应级别"), max_length=1, choices=ResponseLevel)
    unit = models.ForeignKey("accounts.Organisation", verbose_name=_("责任单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("责任单位（系统外）"), max_length=120, blank=True,
                                 help_text=_("系统中没有的单位或岗位，如“企业现场指挥部”“村（社区）两委”"))
    action = models.TextField(_("应采取的措施"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("响应措施")
        verbose_name_plural = _("响应措施")
        ordering = ["plan", "-level", "position", "pk"]

    def __str__(self):
        return f"{self.get_level_display()}：{self.unit_label}"

    @property
    def unit_label(self):
        return self.unit.name if self.unit_id else self.unit_name

    def clean(self):
        super().clean()
        if not self.unit_id and not self.unit_name.strip():
            raise ValidationError({"unit_name": _("请选择责任单位或填写单位名称")})


class Drill(BusinessModel):
    """An 应急演练: when, what kind, who organised it, which plans it exercised, how many took part."""

    name = models.CharField(_("演练名称"), max_length=200)
    held_on = models.DateField(_("演练日期"))
    kind = models.CharField(_("演练形式"), max_length=16, choices=DrillKind)
    organiser = models.ForeignKey("accounts.Organisation", verbose_name=_("组织单位"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    organiser_name = models.CharField(_("组织单位（系统外）"), max_length=200, blank=True,
                                      help_text=_("企业或其他系统外单位的名称"))
    region = models.ForeignKey("regions.Region", verbose_name=_("演练地点（区划）"), on_delete=models.PROTECT,
                               related_name="+")
    plans = models.ManyToManyField(Plan, verbose_name=_("演练的预案"), related_name="drills")
    participants = models.PositiveIntegerField(_("参演人数"))
    scenario = models.TextField(_("演练情景"), blank=True)
    summary = models.TextField(_("演练评估与总结"), blank=True)

    class Meta:
        verbose_name = _("应急演练")
        verbose_name_plural = _("应急演练")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["region", "held_on"], name="drill_region_held")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.name}" if self.held_on else self.name

    def get_absolute_url(self):
        return reverse("plans:drill_detail", args=[self.pk])

    @property
    def organiser_label(self):
        return self.organiser.name if self.organiser_id else self.organiser_name

    def clean(self):
        super().clean()
        errors = {}
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("演练日期不能晚于今天（计划中的演练请在演练后登记）")
        if not self.organiser_id and not self.organiser_name.strip():
            errors["organiser"] = _("请选择组织单位或填写组织单位名称")
        if self.participants is not None and self.participants < 1:
            errors["participants"] = _("参演人数至少为 1 人")
        if errors:
            raise ValidationError(errors)


def check_drill_plans(held_on, plans):
    """A drill cannot exercise a plan that did not exist yet on its day: a Chinese refusal naming the plan."""
    plans = list(plans)
    if not plans:
        raise ValidationError({"plans": _("请选择本次演练的预案")})
    if held_on is None:
        return
    for plan in plans:
        if plan.issued_on and held_on < plan.issued_on:
            raise ValidationError({"plans": _(
                "演练日期（%(d)s）早于预案“%(p)s”的发布日期（%(i)s），该预案当时尚不存在，不能登记为本次演练的预案")
                % {"d": held_on, "p": plan.name, "i": plan.issued_on}})


class DrillPhoto(ScopedMixin, AuditedMixin, models.Model):
    """A photo of the drill (.jpg/.png ≤ 10 MB), served only to those who may see the drill."""

    drill = models.ForeignKey(Drill, verbose_name=_("应急演练"), on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(_("照片"), upload_to="drills/%Y/%m/", validators=[validate_photo])
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)

    scope_region_field = "drill__region"
    audit_parent = "drill"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("演练照片")
        verbose_name_plural = _("演练照片")
        ordering = ["drill", "uploaded_at", "pk"]

    def __str__(self):
        return self.caption or self.file.name.rsplit("/", 1)[-1]


class DrillFindingQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state=FindingState.OPEN)


class DrillFinding(BusinessModel):
    """A problem the drill found in a plan. It stays open until a revision of the plan or a recorded decision
    closes it (services.FINDING)."""

    drill = models.ForeignKey(Drill, verbose_name=_("应急演练"), on_delete=models.PROTECT, related_name="findings")
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False, help_text=_("取自演练"))
    plan = models.ForeignKey(Plan, verbose_name=_("涉及预案"), on_delete=models.PROTECT, related_name="findings")
    text = models.TextField(_("发现的问题"))
    responsible = models.CharField(_("整改责任单位"), max_length=120, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=FindingState, default=FindingState.OPEN,
                             editable=False)
    revision = models.ForeignKey(PlanVersion, verbose_name=_("据此修订的预案版本"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="findings", editable=False)
    decision = models.TextField(_("处理决定"), blank=True, editable=False)
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True, editable=False)

    objects = DrillFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("演练发现问题")
        verbose_name_plural = _("演练发现问题")
        ordering = ["-drill__held_on", "pk"]
        indexes = [models.Index(fields=["region", "state"], name="finding_region_state")]

    def __str__(self):
        text = self.text if len(self.text) <= 30 else self.text[:30] + "…"
        return text

    def get_absolute_url(self):
        return reverse("plans:drillfinding_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.drill_id and self.plan_id and not self.drill.plans.filter(pk=self.plan_id).exists():
            raise ValidationError({"plan": _("所选预案不是本次演练的预案")})

    def save(self, *args, **kwargs):
        if self.drill_id and self.region_id != self.drill.region_id:
            self.region_id = self.drill.region_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "region"}
        super().save(*args, **kwargs)


class DrillFindingEvent(WorkflowEvent):
    finding = models.ForeignKey(DrillFinding, verbose_name=_("演练发现问题"), on_delete=models.PROTECT,
                                related_name="events")
    from_state = models.CharField(_("原状态"), max_length=12, choices=FindingState)
    to_state = models.CharField(_("新状态"), max_length=12, choices=FindingState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("问题处理记录")
        verbose_name_plural = _("问题处理记录")
