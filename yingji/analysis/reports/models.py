from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import phrasing
from yingji.platform.core.models import BusinessModel
from yingji.platform.regions.choices import Level

from .choices import INDICATOR_UNITS, BaselineIndicator


class ReportNarrative(BusinessModel):
    """Text of the annual report that no record can produce (党建, 存在问题, 下一年工作打算 …).

    One per region, year and section; it is merged into the report each time the report is generated, while the
    figures always come fresh from the records.
    """

    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="report_narratives")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[
        MinValueValidator(2000, _("年度应在 2000 至 2100 之间")),
        MaxValueValidator(2100, _("年度应在 2000 至 2100 之间"))])
    section = models.CharField(_("报告章节"), max_length=40,
                               help_text=_("文字接在该章节由数据生成的段落之后；纯文字章节（党建、存在问题等）只有这段文字"))
    text = models.TextField(_("文字内容"), help_text=_("每行为一个自然段；段首不必空格"))

    class Meta:
        verbose_name = _("年度报告文字")
        verbose_name_plural = _("年度报告文字")
        ordering = ["-year", "region__code", "section"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "section"], condition=models.Q(voided_at__isnull=True),
                                    name="reportnarrative_one_per_section",
                                    violation_error_message=_("该区划该年度的这一章节已有文字，请编辑原有记录")),
        ]

    def __str__(self):
        return f"{self.region} {self.year}年 · {self.section_title}"

    def get_absolute_url(self):
        return reverse("reports:reportnarrative_detail", args=[self.pk])

    @property
    def section_title(self):
        from yingji.platform.core import reports as registry

        s = registry.get(self.section)
        return s.title if s else self.section

    def paragraphs(self):
        return [line.strip() for line in self.text.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        from yingji.platform.core import reports as registry

        if self.section and registry.get(self.section) is None:
            raise ValidationError({"section": _("没有这个报告章节")})
        if self.text is not None and not self.text.strip():
            raise ValidationError({"text": _("请填写文字内容")})
        if self.region_id and self.year and self.section and self.voided_at is None:
            others = ReportNarrative.objects.filter(region_id=self.region_id, year=self.year, section=self.section,
                                                    voided_at__isnull=True).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(_("该区划该年度的这一章节已有文字，请编辑原有记录"))


class BaselineFigure(BusinessModel):
    """基期: an earlier year's total of one report figure, for a bureau whose records start later.

    The first year's report compares with it when the previous year has no records of that kind (records win when
    they exist), so a bureau that moves to Yingji in 2024 still states 2024's 同比 on 2023's published totals.
    One per region, year and indicator; voided, never deleted.
    """

    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="baseline_figures")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[
        MinValueValidator(2000, _("年度应在 2000 至 2100 之间")),
        MaxValueValidator(2100, _("年度应在 2000 至 2100 之间"))])
    indicator = models.CharField(_("指标"), max_length=24, choices=BaselineIndicator)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2, validators=[
        MinValueValidator(0, _("数值不能为负数")), MaxValueValidator(10 ** 11, _("数值过大，请核对单位"))],
        help_text=_("起数、人数、处数等为整数；金额以万元计"))
    source = models.CharField(_("数据来源"), max_length=200,
                              help_text=_("如：2023年全县安全生产统计年报；黄岩区2019年工作总结"))

    class Meta:
        verbose_name = _("基期数据")
        verbose_name_plural = _("基期数据")
        ordering = ["-year", "region__code", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "indicator"],
                                    condition=models.Q(voided_at__isnull=True), name="baselinefigure_one_per_indicator",
                                    violation_error_message=_("该区划该年度的这一指标已有基期数据，请编辑原有记录")),
        ]

    def __str__(self):
        return f"{self.region} {self.year}年 · {self.get_indicator_display()}：{self.value_text}"

    def get_absolute_url(self):
        return reverse("reports:baselinefigure_detail", args=[self.pk])

    @property
    def unit(self):
        return INDICATOR_UNITS.get(self.indicator, "")

    @property
    def is_count(self):
        return self.unit != "万元"

    @property
    def value_text(self):
        return phrasing.figure_text(self.value, self.unit) if self.value is not None else ""

    def clean(self):
        super().clean()
        errors = {}
        if self.value is not None and self.indicator and self.is_count and self.value != int(self.value):
            errors["value"] = _("%(i)s应为整数") % {"i": self.get_indicator_display()}
        if self.region_id and self.region.level > Level.TOWNSHIP:
            errors["region"] = _("基期数据的行政区划应为县级或乡镇（街道）")
        if self.source is not None and not self.source.strip():
            errors["source"] = _("请填写数据来源")
        # an import checks the whole file against the database at once (and skips the rows already there)
        if not errors and self.region_id and self.year and self.indicator and self.voided_at is None \
                and not getattr(self, "_duplicates_checked", False):
            others = BaselineFigure.objects.filter(region_id=self.region_id, year=self.year, indicator=self.indicator,
                                                   voided_at__isnull=True).exclude(pk=self.pk)
            if others.exists():
                errors["indicator"] = _("该区划该年度的这一指标已有基期数据，请编辑原有记录")
        if errors:
            raise ValidationError(errors)
