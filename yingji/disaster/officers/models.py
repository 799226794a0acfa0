"""灾害信息员: the registry of disaster information officers per village (社区) and township, and their training.

After 应急〔2020〕11号 and the practice in regulations.md §2.7: at least one officer per 村(社区), with an A角 and a B角
in high-risk villages. Officers' phones are personal data: masked in lists, exports and the API.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel
from yingji.platform.core.privacy import PHONE, personal
from yingji.platform.core.validators import validate_mobile

from .choices import OfficerRole

TRAINING_WINDOW_DAYS = 365


class DisasterInfoOfficer(BusinessModel):
    name = models.CharField(_("姓名"), max_length=60)
    phone = personal(models.CharField(_("手机号码"), max_length=20, help_text=_("须24小时保持畅通"),
                             validators=[validate_mobile]), PHONE)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在村（社区）或乡镇"), on_delete=models.PROTECT,
                               related_name="disaster_info_officers")
    organisation = models.CharField(_("所在单位"), max_length=100, blank=True, help_text=_("如“东岙村村委会”"))
    role = models.CharField(_("A/B角"), max_length=2, choices=OfficerRole, default=OfficerRole.A)
    active = models.BooleanField(_("在岗"), default=True)
    appointed_on = models.DateField(_("聘任日期"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("系统账号"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("灾害信息员")
        verbose_name_plural = _("灾害信息员")
        ordering = ["region__code", "role", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"

    def get_absolute_url(self):
        return reverse("officers:disasterinfoofficer_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.region_id and self.region.level < 4:
            raise ValidationError({"region": _("灾害信息员应登记到村（社区）或乡镇（街道）")})


def training_cutoff(today=None):
    """The first day of the last year: an officer without training since then needs training."""
    return (today or timezone.localdate()) - datetime.timedelta(days=TRAINING_WINDOW_DAYS)


class TrainingRecord(BusinessModel):
    officer = models.ForeignKey(DisasterInfoOfficer, verbose_name=_("灾害信息员"), on_delete=models.PROTECT,
                                related_name="trainings")
    trained_on = models.DateField(_("培训日期"))
    course = models.CharField(_("培训内容"), max_length=120, help_text=_("如“灾情统计报送业务培训”"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, default=Decimal("2"), validators=[
        MinValueValidator(Decimal("0.5"), message=_("学时至少为0.5"))])
    organiser = models.CharField(_("组织单位"), max_length=100, blank=True)

    scope_region_field = "officer__region"

    class Meta:
        verbose_name = _("信息员培训记录")
        verbose_name_plural = _("信息员培训记录")
        ordering = ["-trained_on", "-id"]

    def __str__(self):
        return f"{self.officer.name}·{self.course}·{self.trained_on}"

    def get_absolute_url(self):
        return reverse("officers:trainingrecord_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.trained_on and self.trained_on > timezone.localdate():
            raise ValidationError({"trained_on": _("培训日期不能晚于今天")})
