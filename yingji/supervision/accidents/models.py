"""Production-safety accidents (生产安全事故), their reports, and the rules (grades, time limits) stored as data.

The grade is never typed: `Accident.save()` computes it from the AccidentGradeRule rows valid on the day of the
accident, so every change of the figures that changes the grade lands in the audit trail with the record. Reports
(AccidentReport) keep a snapshot of the figures as reported; together with the audit trail they show what was known
and reported when (the basis of 迟报/瞒报/谎报 checks).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel
from yingji.platform.core.phrasing import wan
from yingji.platform.core.rules import RuleQuerySet, RuleRow
from yingji.platform.core.validators import latitude_validators, longitude_validators

from .choices import AccidentType, CategoryKind, Duty, Grade, Nature, ReportKind, ReportLevel, Sector

# the figures that decide the grade and that a report snapshots
FIGURES = ("deaths", "missing", "serious_injuries", "injuries", "direct_loss")
# how far ahead of the server clock an entered time may be (a phone's clock running a little fast)
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


# realistic bounds (issue 16, item 1): the deadliest accidents on record are far below them, and 50,000 accidents at
# the bound still sum within a 64-bit integer, so no statistic or report can overflow. A model validator holds for
# the edit page, the import, the API and its schema (DRF maps it to the field's maximum).
MAX_PEOPLE = 100_000
MAX_LOSS = Decimal("1000000000000")  # 1 万亿元


def _non_negative(label, maximum=MAX_PEOPLE):
    return [MinValueValidator(0, message=_("%(label)s不能为负数") % {"label": label}),
            MaxValueValidator(maximum, message=_("%(label)s不能超过 %(max)s") % {"label": label, "max": maximum})]


class AccidentGradeRule(RuleRow):
    """One grade's thresholds: an accident reaching any one of them is (at least) of this grade."""

    grade = models.PositiveSmallIntegerField(_("事故等级"), choices=Grade)
    min_deaths = models.PositiveIntegerField(_("死亡人数下限（含本数）"), null=True, blank=True)
    min_serious_injuries = models.PositiveIntegerField(_("重伤人数下限（含本数，含急性工业中毒）"), null=True,
                                                       blank=True)
    min_loss = models.DecimalField(_("直接经济损失下限（元，含本数）"), max_digits=16, decimal_places=2, null=True,
                                   blank=True)
    missing_counts_as_deaths = models.BooleanField(
        _("下落不明人数计入死亡人数"), default=False,
        help_text=_("第493号令第三条只按死亡人数定级；地方规定将下落不明人数计入的，勾选此项"))

    rule_key = ("grade",)
    rule_order = 10

    class Meta:
        verbose_name = _("事故等级标准")
        verbose_name_plural = _("事故等级标准")
        ordering = ["grade", "valid_from"]

    def __str__(self):
        return f"{self.get_grade_display()}（{self.legal_basis}）"


class ReportingRule(RuleRow):
    """A reporting time limit: who must report what within how many hours."""

    duty = models.CharField(_("报告事项"), max_length=32, choices=Duty)
    hours = models.PositiveIntegerField(_("时限（小时）"))
    sectors = models.JSONField(_("适用行业"), default=list, blank=True,
                               help_text=_("空为所有行业；如道路运输、火灾事故的 7 日补报期限只适用于这两个行业"))

    rule_key = ("duty", "sectors")
    narrowing_field = "sectors"
    list_choices = {"sectors": Sector.choices}
    rule_order = 11

    class Meta:
        verbose_name = _("事故报告时限")
        verbose_name_plural = _("事故报告时限")
        ordering = ["duty", "hours"]

    def __str__(self):
        return f"{self.get_duty_display()}：{self.limit_display}"

    @property
    def limit_display(self):
        if self.hours % 24 == 0 and self.hours >= 24:
            return _("%(n)d日") % {"n": self.hours // 24}
        return _("%(n)d小时") % {"n": self.hours}

    @property
    def delta(self):
        return datetime.timedelta(hours=self.hours)


class SectorCategoryQuerySet(RuleQuerySet):
    def categories_for(self, day=None, region=None):
        """The categories the report of `region` uses on `day`: the rows of the most specific region that has any
        (a province's own list replaces the national one as a whole, so a province can also leave a category
        out), in their order. An empty list when none is configured."""
        rows = list(self.applicable(day, region).select_related("region"))
        if not rows:
            return []
        level = max(r.region.level if r.region_id else 0 for r in rows)
        chosen = [r for r in rows if (r.region.level if r.region_id else 0) == level]
        return sorted(chosen, key=lambda r: (r.order, r.name))


class SectorCategory(RuleRow):
    """A category the annual report states accidents in (道路交通, 建筑施工, 非煤矿山 … and the 工矿商贸 roll-up):
    which 行业领域 it covers, in what order, and whether it is a breakdown (其中……) or a roll-up stated after it."""

    name = models.CharField(_("分类名称"), max_length=20, help_text=_("报告中的写法，如：道路交通、工贸、工矿商贸"))
    sectors = models.JSONField(_("包含的行业领域"), default=list,
                               help_text=_("事故登记的行业领域；一个行业领域只应属于一个“分类”"))
    kind = models.CharField(_("用途"), max_length=12, choices=CategoryKind, default=CategoryKind.BREAKDOWN)
    order = models.PositiveSmallIntegerField(_("排列顺序"), default=0, validators=[MaxValueValidator(999)])
    state_when_none = models.BooleanField(_("未发生事故时写明"), default=False,
                                          help_text=_("勾选则本期无事故时写明“……领域未发生生产安全事故”"))

    rule_key = ("name",)
    list_choices = {"sectors": Sector.choices}
    rule_order = 12
    objects = SectorCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("事故统计分类")
        verbose_name_plural = _("事故统计分类")
        ordering = ["order", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    def clean(self):
        super().clean()
        if not self.sectors:
            raise ValidationError({"sectors": _("请至少选择一个行业领域")})


def _grade_label(value):
    """The grade's label; a stored value outside the choices (bad data, a removed choice) is shown as it is."""
    try:
        return Grade(value).label
    except ValueError:
        return value or "—"


class Accident(BusinessModel):
    """A production-safety accident."""

    occurred_at = models.DateTimeField(_("发生时间"))
    place = models.CharField(_("发生地点"), max_length=200)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在乡镇（村）"), on_delete=models.PROTECT,
                               related_name="accidents")
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=longitude_validators)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=latitude_validators)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("事故单位（企业档案）"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="accidents")
    unit_name = models.CharField(_("事故单位名称"), max_length=150, blank=True,
                                 help_text=_("未建档的单位或车辆、船舶所属单位；选择了企业档案时自动填写"))
    department = models.ForeignKey("accounts.Organisation", verbose_name=_("行业主管部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="accidents",
                                   limit_choices_to={"kind__in": ["bureau", "industry"]},
                                   help_text=_("管行业必须管安全：该部门的用户能看到本行业的事故"))
    sector = models.CharField(_("行业领域"), max_length=24, choices=Sector)
    accident_type = models.CharField(_("事故类别"), max_length=24, choices=AccidentType)
    deaths = models.PositiveIntegerField(_("死亡人数"), default=0, validators=_non_negative(_("死亡人数")))
    missing = models.PositiveIntegerField(_("下落不明人数"), default=0, validators=_non_negative(_("下落不明人数")))
    serious_injuries = models.PositiveIntegerField(_("重伤人数（含急性工业中毒）"), default=0,
                                                   validators=_non_negative(_("重伤人数")))
    injuries = models.PositiveIntegerField(_("受伤人数（含重伤）"), default=0, validators=_non_negative(_("受伤人数")))
    direct_loss = models.DecimalField(_("直接经济损失（元）"), max_digits=16, decimal_places=2, default=Decimal("0"),
                                      validators=_non_negative(_("直接经济损失"), MAX_LOSS))
    summary = models.TextField(_("事故简要经过"), blank=True)
    grade = models.PositiveSmallIntegerField(_("事故等级"), choices=Grade, default=Grade.ORDINARY, editable=False,
                                             db_index=True)
    grade_reason = models.CharField(_("定级依据"), max_length=300, blank=True, editable=False)
    investigation_extended = models.BooleanField(_("调查期限已批准延长"), default=False)
    investigation_report_date = models.DateField(_("调查报告提交日期"), null=True, blank=True)

    scope_department_field = "department"

    class Meta:
        verbose_name = _("生产安全事故")
        verbose_name_plural = _("生产安全事故")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["region", "occurred_at"], name="accident_region_time")]

    def __str__(self):
        when = timezone.localtime(self.occurred_at).strftime("%Y-%m-%d") if self.occurred_at else ""
        return f"{when} {self.unit_name or self.place}{self.get_accident_type_display()}事故"

    def get_absolute_url(self):
        return reverse("accidents:accident_detail", args=[self.pk])

    # --- integrity --------------------------------------------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.occurred_at and self.occurred_at > timezone.now() + CLOCK_TOLERANCE:
            errors["occurred_at"] = _("事故发生时间不能晚于当前时间")
        if (self.serious_injuries or 0) > (self.injuries or 0):
            errors["serious_injuries"] = _("重伤人数不能多于受伤人数（受伤人数含重伤）")
        if self.region_id and self.region.level < 3:
            errors["region"] = _("事故所在区划应为县级或以下")
        if self.investigation_report_date and self.occurred_at and \
                self.investigation_report_date < timezone.localtime(self.occurred_at).date():
            errors["investigation_report_date"] = _("调查报告提交日期不能早于事故发生时间")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.enterprise_id and not self.unit_name:
            self.unit_name = self.enterprise.name
        if self.enterprise_id and not self.department_id:
            self.department_id = self.enterprise.supervising_department_id
        from .services import compute_grade

        grade, reason = compute_grade(self)
        if (grade, reason) != (self.grade, self.grade_reason):
            if self.pk is not None and grade != self.grade and not getattr(self, "_audit_message", ""):
                self._audit_message = _("事故等级由%(old)s调整为%(new)s：%(reason)s") % {
                    "old": _grade_label(self.grade), "new": _grade_label(grade), "reason": reason}
            self.grade, self.grade_reason = grade, reason
            fields = kwargs.get("update_fields")
            if fields is not None:
                kwargs["update_fields"] = set(fields) | {"grade", "grade_reason"}
        super().save(*args, **kwargs)

    # --- figures --------------------------------------------------------------------------------------------
    def figures(self):
        return {f: (str(Decimal(getattr(self, f) or 0).quantize(Decimal("0.01"))) if f == "direct_loss"
                    else getattr(self, f)) for f in FIGURES}

    @property
    def loss_wan(self):
        return wan(self.direct_loss)

    @property
    def is_larger_or_above(self):
        return self.grade <= Grade.LARGER


class AccidentReport(BusinessModel):
    """One report of an accident (首报/续报/补报) to one level, with the figures as they were reported."""

    accident = models.ForeignKey(Accident, verbose_name=_("事故"), on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("报告类型"), max_length=12, choices=ReportKind)
    to_level = models.PositiveSmallIntegerField(_("报告至"), choices=ReportLevel, default=ReportLevel.COUNTY)
    reported_at = models.DateTimeField(_("报告时间"))
    reporter = models.CharField(_("报告人/单位"), max_length=100, blank=True)
    note = models.TextField(_("报告内容摘要"), blank=True)
    snapshot = models.JSONField(_("报告时的事故数据"), default=dict, editable=False)
    deadline = models.DateTimeField(_("报告时限"), null=True, blank=True, editable=False)
    deadline_basis = models.CharField(_("时限依据"), max_length=300, blank=True, editable=False)
    is_late = models.BooleanField(_("迟报"), default=False, editable=False, db_index=True)

    scope_region_field = "accident__region"
    scope_department_field = "accident__department"

    class Meta:
        verbose_name = _("事故报告")
        verbose_name_plural = _("事故报告")
        ordering = ["-reported_at", "-id"]

    def __str__(self):
        return f"{self.accident}·{self.get_kind_display()}·{self.get_to_level_display()}"

    def get_absolute_url(self):
        return reverse("accidents:accidentreport_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if not self.accident_id or not self.reported_at:
            return
        errors = {}
        if self.reported_at > timezone.now() + CLOCK_TOLERANCE:
            errors["reported_at"] = _("报告时间不能晚于当前时间")
        elif self.reported_at < self.accident.occurred_at:
            errors["reported_at"] = _("报告时间不能早于事故发生时间")
        if self.accident.is_voided:
            errors["accident"] = _("该事故已作废，不能再报告")
        if self.kind != ReportKind.FIRST and self.reported_at:
            first = (AccidentReport.objects.filter(accident_id=self.accident_id, kind=ReportKind.FIRST,
                                                   voided_at__isnull=True).exclude(pk=self.pk)
                     .order_by("reported_at").first())
            if first is None:
                errors["kind"] = _("该事故尚无首报，请先录入首报")
            elif self.reported_at < first.reported_at:
                errors["reported_at"] = _("续报、补报的时间不能早于首报时间（%(t)s）") % {
                    "t": timezone.localtime(first.reported_at).strftime("%Y-%m-%d %H:%M")}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from .services import report_deadline, snapshot_of

        if self.pk is None and not self.snapshot:
            self.snapshot = snapshot_of(self.accident)
        self.deadline, self.deadline_basis = report_deadline(self)
        self.is_late = bool(self.deadline and self.reported_at and self.reported_at > self.deadline)
        super().save(*args, **kwargs)

    @property
    def snapshot_differs(self):
        """True when the accident's figures now differ from what this report said."""
        return any(self.snapshot.get(f) != v for f, v in self.accident.figures().items())


class AccidentInvestigation(BusinessModel):
    """事故调查: the team, the findings, who was held liable, the rectification measures and their 回头看.

    The investigation report's date and the extension of its time limit are on the accident (they drive its
    deadlines); this record holds what the investigation found and what followed.
    """

    accident = models.OneToOneField(Accident, verbose_name=_("事故"), on_delete=models.PROTECT,
                                    related_name="investigation")
    lead_unit = models.CharField(_("调查牵头单位"), max_length=100, help_text=_("如：县人民政府（委托县应急管理局）"))
    leader = models.CharField(_("调查组组长"), max_length=60, blank=True)
    members = models.TextField(_("调查组成员单位及人员"), blank=True)
    started_on = models.DateField(_("调查组成立日期"))
    nature = models.CharField(_("事故性质"), max_length=12, choices=Nature, default=Nature.PENDING)
    cause = models.TextField(_("事故原因"), blank=True)
    approved_on = models.DateField(_("调查报告批复日期"), null=True, blank=True)
    criminal_count = models.PositiveIntegerField(_("移送司法机关追究刑事责任（人）"), default=0,
                                                 validators=_non_negative(_("追究刑事责任人数")))
    discipline_count = models.PositiveIntegerField(_("党纪政务处分（人）"), default=0,
                                                   validators=_non_negative(_("党纪政务处分人数")))
    penalised_count = models.PositiveIntegerField(_("行政处罚（人）"), default=0,
                                                  validators=_non_negative(_("行政处罚人数")))
    enterprise_fine = models.DecimalField(_("对事故单位罚款（元）"), max_digits=14, decimal_places=2,
                                          default=Decimal("0"), validators=_non_negative(_("罚款"), MAX_LOSS))
    enforcement_case = models.ForeignKey("enforcement.EnforcementCase", verbose_name=_("行政处罚案件"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="accident_investigations")
    measures = models.TextField(_("整改和防范措施"), blank=True)
    review_due = models.DateField(_("“回头看”评估期限"), null=True, blank=True)
    reviewed_on = models.DateField(_("“回头看”评估日期"), null=True, blank=True)
    review_result = models.TextField(_("“回头看”评估结果"), blank=True,
                                     help_text=_("责任追究和整改措施的落实情况"))

    scope_region_field = "accident__region"
    scope_department_field = "accident__department"

    class Meta:
        verbose_name = _("事故调查")
        verbose_name_plural = _("事故调查")
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return f"{self.accident}·{_('调查')}"

    def get_absolute_url(self):
        return reverse("accidents:accidentinvestigation_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if not self.accident_id:
            return
        errors = {}
        today = timezone.localdate()
        occurred = timezone.localdate(self.accident.occurred_at)
        for field in ("started_on", "approved_on", "reviewed_on"):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = _("日期不能晚于今天")
            elif value and value < occurred:
                errors[field] = _("日期不能早于事故发生日期")
        report_date = self.accident.investigation_report_date
        if self.approved_on and "approved_on" not in errors:
            if report_date is None:
                errors["approved_on"] = _("事故尚未登记调查报告提交日期，不能登记批复")
            elif self.approved_on < report_date:
                errors["approved_on"] = _("批复日期不能早于调查报告提交日期（%(d)s）") % {"d": report_date}
        if self.reviewed_on and "reviewed_on" not in errors and (not self.approved_on or
                                                                 self.reviewed_on < self.approved_on):
            errors["reviewed_on"] = _("“回头看”评估应在调查报告批复之后")
        if self.reviewed_on and not self.review_result.strip():
            errors["review_result"] = _("请填写“回头看”评估结果")
        if self.nature == Nature.NOT_LIABLE and (self.criminal_count or self.discipline_count or
                                                 self.penalised_count or self.enterprise_fine):
            errors["nature"] = _("非责任事故不应有责任追究，请核对事故性质")
        if errors:
            raise ValidationError(errors)
