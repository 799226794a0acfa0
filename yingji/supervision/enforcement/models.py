"""行政执法: cases through the statutory procedure, their steps, penalties, other measures, reviews and time limits."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import AuditedMixin, BusinessModel, ScopedMixin, ScopedQuerySet
from yingji.platform.core.rules import RuleRow

from .choices import (
    MONEY_PENALTIES,
    CaseState,
    DayKind,
    DecisionExtension,
    DeliveryMethod,
    MeasureKind,
    Origin,
    PenaltyKind,
    PenaltyTarget,
    Procedure,
    RuleCode,
    Step,
)

# the states in which the case is finished and no time limit runs
FINISHED_STATES = (CaseState.EXECUTED, CaseState.CLOSED)


class TimeLimitRule(RuleRow):
    """A time limit (or rate) of the procedure, with its legal basis and the dates it is in force.

    Seeded from docs/reference/regulations.md §5 by a data migration; a province that sets stricter limits, or a changed
    law, is a new row with its own validity (and region), never an edit of the code.
    """

    code = models.CharField(_("规则"), max_length=32, choices=RuleCode)
    description = models.CharField(_("说明"), max_length=200)
    days = models.PositiveIntegerField(_("期限（日）"), null=True, blank=True)
    day_kind = models.CharField(_("计日方式"), max_length=10, choices=DayKind, default=DayKind.NATURAL)
    rate_percent = models.DecimalField(_("日加处比例（%）"), max_digits=6, decimal_places=2, null=True, blank=True)
    cap_ratio = models.DecimalField(_("封顶（罚款数额的倍数）"), max_digits=6, decimal_places=2, null=True,
                                    blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True,
                            help_text=_("来源可靠程度、待核实事项等"))

    rule_key = ("code",)
    rule_order = 30

    class Meta:
        verbose_name = _("执法时限规则")
        verbose_name_plural = _("执法时限规则")
        ordering = ["code", "valid_from"]

    def __str__(self):
        if self.days is not None:
            return f"{self.get_code_display()}：{self.days}{self.get_day_kind_display()}（{self.legal_basis}）"
        return f"{self.get_code_display()}（{self.legal_basis}）"


def case_source_q(source, prefix=""):
    """The cases of a 来源 of the statistics (hazards.choices.HazardSource): the source of the case's 来源隐患; a case
    without one counts under 群众举报 when it came from a report, and under 本局执法检查 or 部门检查 when it came from
    an inspection, by its 处罚机关 (the bureau or an industry department). `prefix` reaches the case from a
    penalty or a measure ("case__")."""
    from yingji.supervision.hazards.choices import HazardSource

    def q(**kw):
        return models.Q(**{prefix + k: v for k, v in kw.items()})

    found = q(hazard__source=source)
    no_hazard = q(hazard__isnull=True)
    if source == HazardSource.PUBLIC_REPORT:
        found |= no_hazard & q(origin=Origin.REPORT)
    elif source == HazardSource.BUREAU:
        found |= no_hazard & q(origin=Origin.INSPECTION, department__kind="bureau")
    elif source == HazardSource.DEPARTMENT:
        found |= no_hazard & q(origin=Origin.INSPECTION, department__kind="industry")
    return found


def _attribution_check(record, field_day, region):
    """{"campaign": message} when the record's campaign does not fit its day and region, else {}."""
    if not record.campaign_id:
        return {}
    problem = record.campaign.attribution_error(field_day, region)
    return {"campaign": problem} if problem else {}


class EnforcementCaseQuerySet(ScopedQuerySet):
    def overdue(self, today=None):
        """Cases whose current time limit (决定、送达、缴纳) has passed and is not met."""
        today = today or timezone.localdate()
        return self.filter(due_on__lt=today).exclude(state__in=FINISHED_STATES)

    def open(self):
        return self.exclude(state=CaseState.CLOSED)


class EnforcementCase(BusinessModel):
    """An administrative-penalty case (行政处罚案件) against an enterprise and, for 一案双罚, its principal."""

    number = models.CharField(_("案件编号"), max_length=40, unique=True, null=True, blank=True, editable=False,
                              help_text=_("立案时按年度自动编号"))
    year = models.PositiveSmallIntegerField(_("立案年度"), null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(_("年度序号"), null=True, blank=True, editable=False)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("当事企业"), on_delete=models.PROTECT,
                                   related_name="enforcement_cases")
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    title = models.CharField(_("案由"), max_length=200,
                             help_text=_("如：未按规定对重大危险源进行监测监控案"))
    origin = models.CharField(_("案件来源"), max_length=12, choices=Origin, default=Origin.INSPECTION)
    hazard = models.ForeignKey("hazards.Hazard", verbose_name=_("来源隐患"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="enforcement_cases")
    origin_reference = models.CharField(_("来源说明"), max_length=200, blank=True,
                                        help_text=_("检查记录、隐患或举报的编号与日期"))
    procedure = models.CharField(_("程序"), max_length=10, choices=Procedure, default=Procedure.ORDINARY)
    department = models.ForeignKey("accounts.Organisation", verbose_name=_("处罚机关"), on_delete=models.PROTECT,
                                   related_name="enforcement_cases",
                                   limit_choices_to={"kind__in": ["bureau", "industry"]},
                                   help_text=_("应急、消防、市监、住建等，用于按部门统计罚没金额"))
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("承办执法人员"),
                                      related_name="enforcement_cases", blank=True)
    facts = models.TextField(_("违法事实"), blank=True)
    violated_provisions = models.TextField(_("违反的规定"), blank=True)
    penalty_basis = models.TextField(_("处罚依据"), blank=True)
    state = models.CharField(_("办理状态"), max_length=20, choices=CaseState, default=CaseState.DRAFT,
                             editable=False)
    filed_on = models.DateField(_("立案日期"), null=True, blank=True, editable=False)
    investigated_on = models.DateField(_("调查终结日期"), null=True, blank=True, editable=False)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True, editable=False)
    hearing_right = models.BooleanField(_("告知听证权利"), default=False, editable=False)
    hearing_requested_on = models.DateField(_("申请听证日期"), null=True, blank=True, editable=False)
    hearing_notice_on = models.DateField(_("听证通知日期"), null=True, blank=True, editable=False)
    hearing_on = models.DateField(_("听证日期"), null=True, blank=True, editable=False)
    decision_extension = models.CharField(_("决定期限延期"), max_length=10, choices=DecisionExtension,
                                          default=DecisionExtension.NONE)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True, editable=False)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True, editable=False)
    delivery_method = models.CharField(_("送达方式"), max_length=12, choices=DeliveryMethod, blank=True,
                                       editable=False)
    executed_on = models.DateField(_("执行完毕日期"), null=True, blank=True, editable=False)
    paid_amount = models.DecimalField(_("实缴罚没款（元）"), max_digits=14, decimal_places=2, null=True,
                                      blank=True, editable=False)
    surcharge = models.DecimalField(_("加处罚款（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                    editable=False)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, editable=False)
    due_on = models.DateField(_("当前期限"), null=True, blank=True, editable=False, db_index=True,
                              help_text=_("当前环节须在此日期前完成（决定、送达或缴纳）"))
    due_kind = models.CharField(_("当前期限类别"), max_length=32, choices=RuleCode, blank=True, editable=False)
    # 专项行动 (a string reference: enforcement imports nothing of campaigns); its penalties take it by default
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("专项行动"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="enforcement_cases",
                                 help_text=_("在专项行动中查处的案件；只能选择立案日期（未立案的为今天）在其期间内的专项行动"))

    scope_department_field = "department"
    scope_enterprise_field = "enterprise"  # 企业端: an enterprise account sees its own cases only
    objects = EnforcementCaseQuerySet.as_manager()
    # the statistics parameters (core.stats.narrow): ?campaign= and ?source=
    stats_filters = {"campaign": "campaign", "source": case_source_q}

    class Meta:
        verbose_name = _("执法案件")
        verbose_name_plural = _("执法案件")
        ordering = ["-filed_on", "-pk"]
        permissions = [("approve_enforcementcase", _("案卷评查（审核执法案件）"))]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="enforcementcase_year_sequence")]
        indexes = [
            models.Index(fields=["region", "state"], name="enfcase_region_state"),
            models.Index(fields=["department", "filed_on"], name="enfcase_dept_filed"),
            models.Index(fields=["filed_on"], name="enfcase_filed"),
        ]

    def __str__(self):
        return f"{self.number or _('（未立案）')} {self.title}"

    def get_absolute_url(self):
        return reverse("enforcement:enforcementcase_detail", args=[self.pk])

    def void_refusal(self):
        # a closed case is the file the bureau keeps (案卷归档): it is not voided any more, on no path
        if self.state == CaseState.CLOSED:
            return _("案件已结案归档，不能作废")
        return None

    def save(self, *args, **kwargs):
        if self.enterprise_id is not None:
            self.region_id = self.enterprise.region_id
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = set(kwargs["update_fields"]) | {"region"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.hazard_id and self.enterprise_id and self.hazard.enterprise_id != self.enterprise_id:
            raise ValidationError({"hazard": _("来源隐患不属于当事企业")})
        if self.hazard_id and self.origin != Origin.HAZARD:
            raise ValidationError({"hazard": _("关联隐患时，案件来源应为“隐患排查”")})
        errors = _attribution_check(self, self.filed_on or timezone.localdate(),
                                    self.enterprise.region if self.enterprise_id else None)
        if errors:
            raise ValidationError(errors)

    def reached(self, state):
        from .choices import STATE_ORDER

        return STATE_ORDER.index(self.state) >= STATE_ORDER.index(state)

    @property
    def is_overdue(self):
        return (self.due_on is not None and self.state not in FINISHED_STATES
                and self.due_on < timezone.localdate())

    @property
    def total_fine(self):
        return sum((p.amount or Decimal(0) for p in self.penalties.all() if p.kind == PenaltyKind.FINE),
                   Decimal(0))

    @property
    def total_money(self):
        return sum((p.amount or Decimal(0) for p in self.penalties.all() if p.kind in MONEY_PENALTIES), Decimal(0))

    @property
    def is_double_penalty(self):
        """一案双罚: penalties on both the enterprise and its principal."""
        return {p.target for p in self.penalties.all()} >= {PenaltyTarget.ENTERPRISE, PenaltyTarget.PRINCIPAL}


class CaseStep(ScopedMixin, AuditedMixin, models.Model):
    """One step of the procedure as it happened: when, by which officers (at least two), with what note."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("案件"), on_delete=models.PROTECT,
                             related_name="steps")
    step = models.CharField(_("环节"), max_length=20, choices=Step)
    date = models.DateField(_("日期"))
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("执法人员"), related_name="+")
    note = models.TextField(_("情况记录"), blank=True)
    due_on = models.DateField(_("法定期限"), null=True, blank=True)
    late = models.BooleanField(_("超期"), default=False)
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")

    scope_region_field = "case__region"
    scope_department_field = "case__department"
    scope_enterprise_field = "case__enterprise"  # 企业端: the steps of its own cases (from 立案 on, portal/scope.py)
    audit_parent = "case"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("办案环节")
        verbose_name_plural = _("办案环节")
        ordering = ["case", "date", "pk"]

    def __str__(self):
        return f"{self.case.number or ''} {self.get_step_display()} {self.date:%Y-%m-%d}"


class Penalty(BusinessModel):
    """A penalty of a decision (行政处罚决定); 一案双罚 is one row on the enterprise and one on its principal."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("案件"), on_delete=models.PROTECT,
                             related_name="penalties")
    kind = models.CharField(_("处罚种类"), max_length=20, choices=PenaltyKind)
    target = models.CharField(_("处罚对象"), max_length=12, choices=PenaltyTarget, default=PenaltyTarget.ENTERPRISE)
    target_name = models.CharField(_("被处罚人"), max_length=150, blank=True,
                                   help_text=_("对个人处罚时填写姓名；空则为当事企业"))
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    suspension_days = models.PositiveIntegerField(_("停产停业/暂扣期限（日）"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("专项行动"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="penalties",
                                 help_text=_("不选则取案件的专项行动"))

    scope_region_field = "case__region"
    scope_department_field = "case__department"
    scope_enterprise_field = "case__enterprise"  # 企业端: the penalties decided against it (and its principal)
    stats_filters = {"campaign": "campaign", "source": lambda source: case_source_q(source, "case__")}

    class Meta:
        verbose_name = _("处罚")
        verbose_name_plural = _("处罚")
        ordering = ["case", "pk"]

    def __str__(self):
        text = f"{self.get_target_display()}：{self.get_kind_display()}"
        return f"{text} {self.amount}元" if self.amount is not None else text

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    def clean(self):
        super().clean()
        from . import services

        services.validate_penalty(self.case, kind=self.kind, target=self.target, amount=self.amount)
        errors = _attribution_check(self, self.case.decided_on, self.case.region) if self.case_id else {}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self._state.adding and self.campaign_id is None and self.case_id:
            self.campaign_id = self.case.campaign_id  # a new penalty belongs to its case's campaign by default
        super().save(*args, **kwargs)


class Measure(BusinessModel):
    """Other measures bureaus report: 约谈, 曝光, 典型案例 (reported / published), 移送司法机关."""

    kind = models.CharField(_("措施"), max_length=20, choices=MeasureKind)
    date = models.DateField(_("日期"), default=datetime.date.today)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="enforcement_measures")
    case = models.ForeignKey(EnforcementCase, verbose_name=_("关联案件"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="measures")
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    department = models.ForeignKey("accounts.Organisation", verbose_name=_("实施单位"), on_delete=models.PROTECT,
                                   related_name="enforcement_measures",
                                   limit_choices_to={"kind__in": ["bureau", "industry"]})
    note = models.TextField(_("情况说明"), blank=True,
                            help_text=_("约谈对象、曝光媒体、典型案例报送单位或公开渠道、移送的司法机关等"))
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("专项行动"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="enforcement_measures",
                                 help_text=_("不选则取关联案件的专项行动"))

    scope_department_field = "department"
    scope_enterprise_field = "enterprise"  # 企业端: 约谈、曝光、公开的典型案例 of it (the kinds: portal/scope.py)
    stats_filters = {"campaign": "campaign", "source": lambda source: case_source_q(source, "case__")}

    class Meta:
        verbose_name = _("其他执法措施")
        verbose_name_plural = _("其他执法措施")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["region", "date"], name="measure_region_date")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.enterprise} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("enforcement:measure_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.enterprise_id is not None:
            self.region_id = self.enterprise.region_id
        if self._state.adding and self.campaign_id is None and self.case_id:
            self.campaign_id = self.case.campaign_id  # a new measure belongs to its case's campaign by default
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.case_id and self.enterprise_id and self.case.enterprise_id != self.enterprise_id:
            raise ValidationError({"case": _("关联案件的当事企业与所选企业不一致")})
        errors = _attribution_check(self, self.date, self.enterprise.region if self.enterprise_id else None)
        if errors:
            raise ValidationError(errors)


class CaseReview(ScopedMixin, AuditedMixin, models.Model):
    """案卷评查: the score sheet of a closed case."""

    case = models.OneToOneField(EnforcementCase, verbose_name=_("案件"), on_delete=models.PROTECT,
                                related_name="review")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评查人"), on_delete=models.PROTECT,
                                 related_name="+")
    reviewed_on = models.DateField(_("评查日期"))
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=1)
    max_total = models.DecimalField(_("满分"), max_digits=6, decimal_places=1)
    conclusion = models.TextField(_("评查意见"), blank=True)

    scope_region_field = "case__region"
    scope_department_field = "case__department"
    audit_parent = "case"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("案卷评查")
        verbose_name_plural = _("案卷评查")

    def __str__(self):
        return f"{self.case.number} {self.total}/{self.max_total}"


class CaseReviewItem(AuditedMixin, models.Model):
    review = models.ForeignKey(CaseReview, verbose_name=_("评查"), on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("评查项代码"), max_length=20)
    item = models.CharField(_("评查项目"), max_length=100)
    max_score = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    remark = models.CharField(_("扣分说明"), max_length=300, blank=True)

    audit_parent = "review"  # its audit rows carry the case's region

    class Meta:
        verbose_name = _("评查项")
        verbose_name_plural = _("评查项")
        ordering = ["review", "pk"]

    def __str__(self):
        return f"{self.item} {self.score}/{self.max_score}"
