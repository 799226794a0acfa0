from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel


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
