"""年度监督检查计划 (the annual inspection plan, 安全生产法 Art. 62): the plan, its frequencies by risk grade, the
检查频次标准 rule table and the planned inspections.

Moved out of inspections (issue 8) with their tables (Meta.db_table keeps the inspections_ names, so an existing
database keeps its rows; migrations/0001 and inspections/0009 move the state and the content types). An inspection
record points at its planned inspection (Inspection.plan_item): inspections depends on this app, not the reverse."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import AuditedMixin, BusinessModel
from yingji.platform.core.rules import RuleRow
from yingji.supervision.enterprises.choices import RiskGrade


class InspectionPlan(BusinessModel):
    """年度监督检查计划 (安全生产法 Art. 62): how often each risk grade is inspected, and the planned inspections."""

    name = models.CharField(_("计划名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("年度监督检查计划")
        verbose_name_plural = _("年度监督检查计划")
        db_table = "inspections_inspectionplan"
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], condition=models.Q(voided_at__isnull=True),
                                               name="inspectionplan_one_per_region_year",
                                               violation_error_message=_("该区划本年度已有检查计划"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspection_plans:inspectionplan_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.year and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("年度应在 2000 至 2100 之间")})
        if self.year and self.region_id and self.voided_at is None and InspectionPlan.objects.filter(
                region_id=self.region_id, year=self.year, voided_at__isnull=True).exclude(pk=self.pk).exists():
            raise ValidationError({"year": _("该区划本年度已有检查计划")})


class PlanFrequency(AuditedMixin, models.Model):
    plan = models.ForeignKey(InspectionPlan, verbose_name=_("计划"), on_delete=models.CASCADE,
                             related_name="frequencies")
    risk_grade = models.CharField(_("风险等级"), max_length=1, choices=RiskGrade)
    times_per_year = models.PositiveSmallIntegerField(_("每年检查次数"))

    audit_parent = "plan"

    class Meta:
        verbose_name = _("检查频次")
        verbose_name_plural = _("检查频次")
        db_table = "inspections_planfrequency"
        ordering = ["plan", "risk_grade"]
        constraints = [models.UniqueConstraint(fields=["plan", "risk_grade"], name="planfrequency_unique_grade")]

    def __str__(self):
        return f"{self.get_risk_grade_display()}：{self.times_per_year}"

    def clean(self):
        if self.times_per_year is not None and self.times_per_year > 12:
            raise ValidationError({"times_per_year": _("每年检查次数不应超过 12 次")})


class FrequencyRule(RuleRow):
    """检查频次标准 (分类分级监管): how many times a year an enterprise of a risk grade is inspected, with its basis.

    No national figures exist (docs/reference/regulations.md §4.3): a province's or county's scheme is imported as rows
    with its 适用区划. A plan's own frequencies (PlanFrequency) come first; a grade the plan leaves out follows the rule
    in force on 1 January of the plan's year in the plan's region (services.plan_frequencies).
    """

    risk_grade = models.CharField(_("风险等级"), max_length=1, choices=RiskGrade)
    times_per_year = models.PositiveSmallIntegerField(_("每年检查次数"), validators=[
        MaxValueValidator(12, _("每年检查次数不应超过 12 次"))])

    rule_key = ("risk_grade",)
    rule_order = 50

    class Meta:
        verbose_name = _("检查频次标准")
        verbose_name_plural = _("检查频次标准")
        db_table = "inspections_frequencyrule"
        ordering = ["risk_grade", "valid_from"]

    def __str__(self):
        return f"{self.get_risk_grade_display()}：{self.times_per_year}次/年"


class PlannedInspection(AuditedMixin, models.Model):
    plan = models.ForeignKey(InspectionPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="items")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="planned_inspections")
    month = models.PositiveSmallIntegerField(_("计划月份"))

    audit_parent = "plan"

    class Meta:
        verbose_name = _("计划检查")
        verbose_name_plural = _("计划检查")
        db_table = "inspections_plannedinspection"
        ordering = ["plan", "month", "enterprise__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "enterprise", "month"],
                                               name="plannedinspection_unique_month")]

    def __str__(self):
        return f"{self.plan.year}年{self.month}月 {self.enterprise}"

    def clean(self):
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError({"month": _("月份应在 1 至 12 之间")})
