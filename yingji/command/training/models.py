"""宣传培训: training sessions (who was trained, how long, how many passed) and publicity activities (安全生产月,
防灾减灾日, "五进" …, how many people were reached and how many materials handed out)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.command.plans.files import validate_photo
from yingji.platform.core.models import BusinessModel

from .choices import Audience, Campaign, TrainingMode, Venue


class TrainingSession(BusinessModel):
    topic = models.CharField(_("培训主题"), max_length=200)
    audience = models.CharField(_("培训对象"), max_length=20, choices=Audience)
    mode = models.CharField(_("培训方式"), max_length=10, choices=TrainingMode, default=TrainingMode.ONSITE)
    held_on = models.DateField(_("培训日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    trained = models.PositiveIntegerField(_("培训人数"))
    passed = models.PositiveIntegerField(_("考核合格人数"), null=True, blank=True)
    certified = models.PositiveIntegerField(_("发放证书人数"), null=True, blank=True)
    organiser = models.ForeignKey("accounts.Organisation", verbose_name=_("主办单位"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    organiser_name = models.CharField(_("主办单位（系统外）"), max_length=200, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+")
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["region", "held_on"], name="training_region_held")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}" if self.held_on else self.topic

    def get_absolute_url(self):
        return reverse("training:trainingsession_detail", args=[self.pk])

    @property
    def organiser_label(self):
        return self.organiser.name if self.organiser_id else self.organiser_name

    def clean(self):
        super().clean()
        errors = {}
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("培训日期不能晚于今天（培训结束后登记）")
        if self.hours is not None and not Decimal("0.5") <= self.hours <= Decimal("200"):
            errors["hours"] = _("学时应在 0.5 至 200 之间")
        if self.trained is not None and self.trained < 1:
            errors["trained"] = _("培训人数至少为 1 人")
        if self.passed is not None and self.trained is not None and self.passed > self.trained:
            errors["passed"] = _("考核合格人数不能多于培训人数")
        if self.certified is not None and self.trained is not None and self.certified > self.trained:
            errors["certified"] = _("发放证书人数不能多于培训人数")
        if not self.organiser_id and not self.organiser_name.strip():
            errors["organiser"] = _("请选择主办单位或填写主办单位名称")
        if errors:
            raise ValidationError(errors)


class PublicityActivity(BusinessModel):
    title = models.CharField(_("活动名称"), max_length=200)
    campaign = models.CharField(_("宣传主题"), max_length=20, choices=Campaign)
    venue = models.CharField(_("宣传形式（五进）"), max_length=16, choices=Venue)
    held_on = models.DateField(_("活动日期"))
    organiser = models.ForeignKey("accounts.Organisation", verbose_name=_("主办单位"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    organiser_name = models.CharField(_("主办单位（系统外）"), max_length=200, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+")
    reached = models.PositiveIntegerField(_("受众人数"), help_text=_("现场参与及直接覆盖的人数（人次）"))
    materials = models.PositiveIntegerField(_("发放宣传资料（份）"), default=0)
    photo = models.FileField(_("活动照片"), upload_to="publicity/%Y/%m/", blank=True, validators=[validate_photo])
    note = models.TextField(_("活动内容"), blank=True)

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["region", "held_on"], name="publicity_region_held")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}" if self.held_on else self.title

    def get_absolute_url(self):
        return reverse("training:publicityactivity_detail", args=[self.pk])

    @property
    def organiser_label(self):
        return self.organiser.name if self.organiser_id else self.organiser_name

    def clean(self):
        super().clean()
        errors = {}
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("活动日期不能晚于今天（活动结束后登记）")
        if not self.organiser_id and not self.organiser_name.strip():
            errors["organiser"] = _("请选择主办单位或填写主办单位名称")
        if errors:
            raise ValidationError(errors)
