"""群众举报: a report from the public, its verification, its conversion into a hazard and the reward for it.

The reporter's name and phone are personal data: masked in lists, exports and the API unless the user holds
accounts.view_personal_data, and left out of the audit trail (audit_exclude_fields), so they are never logged.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel, ScopedQuerySet
from yingji.platform.core.privacy import NAME, PHONE, personal
from yingji.platform.core.rules import RuleRow
from yingji.platform.core.validators import validate_phone
from yingji.platform.core.workflow import WorkflowEvent

from .choices import TipoffChannel, TipoffState

DEFAULT_VERIFY_DAYS = 15


class VerificationRule(RuleRow):
    """How many days the bureau has to verify a report (核查时限): a bureau rule kept as data, with its basis."""

    days = models.PositiveIntegerField(_("核查时限（日）"))

    rule_order = 25

    class Meta:
        verbose_name = _("举报核查时限")
        verbose_name_plural = _("举报核查时限")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.days}日（{self.legal_basis}）"

    @classmethod
    def days_on(cls, day, region=None):
        """The days of the rule that applies on `day` in `region` (DEFAULT_VERIFY_DAYS when no row does)."""
        rule = cls.objects.rule_for(day, region)
        return rule.days if rule else DEFAULT_VERIFY_DAYS


class TipoffQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state__in=[TipoffState.PENDING, TipoffState.VERIFYING])

    def overdue(self, on=None):
        return self.open().filter(verify_deadline__lt=on or timezone.localdate())


class Tipoff(BusinessModel):
    """A 举报: 待核查 → 核查中 → 属实/不属实 → (属实) 已转为隐患 or 已转为检查; services.py moves it."""

    channel = models.CharField(_("举报渠道"), max_length=10, choices=TipoffChannel)
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now)
    anonymous = models.BooleanField(_("匿名举报"), default=False)
    reporter_name = personal(models.CharField(_("举报人姓名"), max_length=60, blank=True), NAME)
    reporter_phone = personal(models.CharField(_("举报人电话"), max_length=20, blank=True,
                                               validators=[validate_phone]), PHONE)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("被举报企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="tipoffs")
    place = models.CharField(_("被举报地点"), max_length=200, blank=True,
                             help_text=_("不是登记在册的企业时，填写单位名称或地点"))
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+", help_text=_("选择了企业时取自企业"))
    description = models.TextField(_("举报内容"))
    verify_deadline = models.DateField(_("核查期限"), editable=False)
    state = models.CharField(_("状态"), max_length=12, choices=TipoffState, default=TipoffState.PENDING,
                             editable=False)
    verifier = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核查人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", editable=False)
    verified_at = models.DateTimeField(_("核查完成时间"), null=True, blank=True, editable=False)
    finding = models.TextField(_("核查情况"), blank=True, editable=False)
    hazard = models.OneToOneField("hazards.Hazard", verbose_name=_("转为隐患"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="tipoff", editable=False)
    inspection = models.ForeignKey("inspections.Inspection", verbose_name=_("转为检查"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="tipoffs", editable=False)
    reward_amount = models.DecimalField(_("奖励金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True,
                                        editable=False)
    reward_date = models.DateField(_("奖励决定日期"), null=True, blank=True, editable=False)
    reward_paid = models.BooleanField(_("奖励已发放"), default=False, editable=False)

    audit_exclude_fields = ("updated_at", "reporter_name", "reporter_phone")
    objects = TipoffQuerySet.as_manager()

    class Meta:
        verbose_name = _("群众举报")
        verbose_name_plural = _("群众举报")
        ordering = ["-received_at", "-pk"]
        permissions = [("approve_tipoff", _("核定举报奖励"))]
        indexes = [models.Index(fields=["region", "state", "verify_deadline"], name="tipoff_region_state_due")]

    def __str__(self):
        target = self.enterprise.name if self.enterprise_id else self.place
        return f"{self.received_at:%Y-%m-%d} {target}" if self.received_at else target

    def get_absolute_url(self):
        return reverse("tipoffs:tipoff_detail", args=[self.pk])

    @property
    def is_overdue(self):
        return bool(self.verify_deadline and self.state in (TipoffState.PENDING, TipoffState.VERIFYING)
                    and self.verify_deadline < timezone.localdate())

    def save(self, *args, **kwargs):
        if self.enterprise_id:
            self.region_id = self.enterprise.region_id
        if self.anonymous:
            self.reporter_name = self.reporter_phone = ""
        if self.verify_deadline is None and self.received_at:
            day = timezone.localtime(self.received_at).date()
            self.verify_deadline = day + datetime.timedelta(
                days=VerificationRule.days_on(day, self.region if self.region_id else None))
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if not self.enterprise_id and not self.place.strip():
            errors["place"] = _("请选择被举报企业或填写被举报地点")
        if self.received_at and self.received_at > timezone.now() + datetime.timedelta(minutes=5):
            errors["received_at"] = _("受理时间不能晚于现在")
        if self.anonymous and (self.reporter_name.strip() or self.reporter_phone.strip()):
            errors["anonymous"] = _("匿名举报不登记举报人姓名和电话")
        if errors:
            raise ValidationError(errors)


class TipoffEvent(WorkflowEvent):
    """One step of a report's handling: who moved it from which state to which, when, and why."""

    tipoff = models.ForeignKey(Tipoff, verbose_name=_("举报"), on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(_("原状态"), max_length=12, choices=TipoffState)
    to_state = models.CharField(_("新状态"), max_length=12, choices=TipoffState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("举报处理记录")
        verbose_name_plural = _("举报处理记录")
