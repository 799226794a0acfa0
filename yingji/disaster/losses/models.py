"""Natural-disaster events and their loss reports (灾情报告) per township, after 自然灾害情况统计调查制度.

A township's reports on one event are one 初报, any number of 续报 and one 核报, in that order. Each report carries the
national indicators; the county figure is the roll-up of each township's latest report (services.county_rollup).
Reporting time limits are rules stored as data (LossReportingRule) with their legal basis.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel
from yingji.platform.core.rules import RuleRow

from .choices import DisasterType, LossDuty, LossReportKind

CLOCK_TOLERANCE = datetime.timedelta(minutes=5)

# (field, label, unit) of the indicators a loss report carries and the roll-up sums
INDICATORS = [
    ("affected_population", _("受灾人口"), _("人")),
    ("deaths", _("因灾死亡人口"), _("人")),
    ("missing", _("因灾失踪人口"), _("人")),
    ("relocated", _("紧急转移安置人口"), _("人")),
    ("need_relief", _("需紧急生活救助人口"), _("人")),
    ("crop_affected_ha", _("农作物受灾面积"), _("公顷")),
    ("crop_damaged_ha", _("农作物成灾面积"), _("公顷")),
    ("crop_failed_ha", _("农作物绝收面积"), _("公顷")),
    ("collapsed_households", _("倒塌房屋户数"), _("户")),
    ("collapsed_rooms", _("倒塌房屋间数"), _("间")),
    ("severe_households", _("严重损坏房屋户数"), _("户")),
    ("severe_rooms", _("严重损坏房屋间数"), _("间")),
    ("minor_households", _("一般损坏房屋户数"), _("户")),
    ("minor_rooms", _("一般损坏房屋间数"), _("间")),
    ("direct_loss", _("直接经济损失"), _("万元")),
    ("loss_agriculture", _("其中：农业损失"), _("万元")),
    ("loss_housing", _("其中：居民住房及家庭财产损失"), _("万元")),
    ("loss_infrastructure", _("其中：基础设施损失"), _("万元")),
    ("loss_public_services", _("其中：公共服务设施损失"), _("万元")),
    ("loss_other", _("其中：其他损失"), _("万元")),
]
INDICATOR_FIELDS = [f for f, _l, _u in INDICATORS]
LOSS_PARTS = ["loss_agriculture", "loss_housing", "loss_infrastructure", "loss_public_services", "loss_other"]


def _count(label):
    return models.PositiveIntegerField(label, default=0, validators=[
        MinValueValidator(0, message=_("%(label)s不能为负数") % {"label": label})])


def _amount(label, digits=14):
    return models.DecimalField(label, max_digits=digits, decimal_places=2, default=Decimal("0"), validators=[
        MinValueValidator(0, message=_("%(label)s不能为负数") % {"label": label})])


class LossReportingRule(RuleRow):
    """A time limit of the disaster statistics system, with its legal basis and validity."""

    duty = models.CharField(_("报告事项"), max_length=16, choices=LossDuty)
    hours = models.PositiveIntegerField(_("时限（小时）"), null=True, blank=True)
    threshold = models.PositiveIntegerField(_("人数标准（含本数）"), null=True, blank=True,
                                            help_text=_("仅用于“同时报省级和应急管理部”：因灾死亡和失踪人数之和"))
    disaster_types = models.JSONField(_("适用灾种"), default=list, blank=True,
                                      help_text=_("空为所有灾种；如干旱的续报间隔为10日"))

    rule_key = ("duty", "disaster_types")
    narrowing_field = "disaster_types"
    list_choices = {"disaster_types": DisasterType.choices}
    rule_order = 40

    class Meta:
        verbose_name = _("灾情报送时限")
        verbose_name_plural = _("灾情报送时限")
        ordering = ["duty", "hours"]

    def __str__(self):
        return f"{self.get_duty_display()}：{self.hours or self.threshold}"


class DisasterEvent(BusinessModel):
    """A natural-disaster event (one 灾害过程) in a county, with the townships it hit."""

    name = models.CharField(_("灾害名称"), max_length=120, help_text=_("如“2024年第5号台风‘格美’”、“6·18暴雨洪涝”"))
    disaster_type = models.CharField(_("灾种"), max_length=20, choices=DisasterType)
    started_at = models.DateTimeField(_("发生时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    stable_at = models.DateTimeField(_("灾情稳定时间"), null=True, blank=True,
                                     help_text=_("灾情稳定后进入核报；核报时限自此起算"))
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="disaster_events", help_text=_("一般为县；只涉及一个乡镇时可填乡镇"))
    townships = models.ManyToManyField("regions.Region", verbose_name=_("受灾乡镇（街道）"), blank=True,
                                       related_name="disaster_events_affected")
    summary = models.TextField(_("灾情概况"), blank=True)

    class Meta:
        verbose_name = _("自然灾害事件")
        verbose_name_plural = _("自然灾害事件")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("losses:disasterevent_detail", args=[self.pk])

    @classmethod
    def region_scope_q(cls, user):
        """An event is in scope when its region is, or when it hit a township in scope (a township officer reports
        on the county's event for his township)."""
        from yingji.platform.regions.models import Region

        if user.region is None:
            return None
        ids = Region.objects.subtree(user.region).values("pk")
        affected = cls.townships.through.objects.filter(region__in=ids).values("disasterevent_id")
        return models.Q(region__in=ids) | models.Q(pk__in=affected)

    def clean(self):
        super().clean()
        errors = {}
        now = timezone.now() + CLOCK_TOLERANCE
        if self.started_at and self.started_at > now:
            errors["started_at"] = _("灾害发生时间不能晚于当前时间")
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            errors["ended_at"] = _("结束时间不能早于发生时间")
        if self.started_at and self.stable_at and self.stable_at < self.started_at:
            errors["stable_at"] = _("灾情稳定时间不能早于发生时间")
        if self.region_id and self.region.level < 3:
            errors["region"] = _("灾害事件应登记在县级或乡级区划")
        if errors:
            raise ValidationError(errors)


class LossReport(BusinessModel):
    """One township's 初报/续报/核报 on one event, with the national indicators."""

    event = models.ForeignKey(DisasterEvent, verbose_name=_("灾害事件"), on_delete=models.PROTECT,
                              related_name="loss_reports")
    region = models.ForeignKey("regions.Region", verbose_name=_("乡镇（街道）"), on_delete=models.PROTECT,
                               related_name="loss_reports")
    kind = models.CharField(_("报告类型"), max_length=12, choices=LossReportKind)
    reported_at = models.DateTimeField(_("报告时间"))
    reporter = models.CharField(_("填报人"), max_length=60, blank=True)
    affected_population = _count(_("受灾人口"))
    deaths = _count(_("因灾死亡人口"))
    missing = _count(_("因灾失踪人口"))
    relocated = _count(_("紧急转移安置人口"))
    need_relief = _count(_("需紧急生活救助人口"))
    crop_affected_ha = _amount(_("农作物受灾面积（公顷）"), 12)
    crop_damaged_ha = _amount(_("农作物成灾面积（公顷）"), 12)
    crop_failed_ha = _amount(_("农作物绝收面积（公顷）"), 12)
    collapsed_households = _count(_("倒塌房屋（户）"))
    collapsed_rooms = _count(_("倒塌房屋（间）"))
    severe_households = _count(_("严重损坏房屋（户）"))
    severe_rooms = _count(_("严重损坏房屋（间）"))
    minor_households = _count(_("一般损坏房屋（户）"))
    minor_rooms = _count(_("一般损坏房屋（间）"))
    direct_loss = _amount(_("直接经济损失（万元）"))
    loss_agriculture = _amount(_("其中：农业损失（万元）"))
    loss_housing = _amount(_("其中：居民住房及家庭财产损失（万元）"))
    loss_infrastructure = _amount(_("其中：基础设施损失（万元）"))
    loss_public_services = _amount(_("其中：公共服务设施损失（万元）"))
    loss_other = _amount(_("其中：其他损失（万元）"))
    note = models.TextField(_("情况说明"), blank=True, help_text=_("数字较上次大幅增减时须说明原因"))
    deadline = models.DateTimeField(_("报送时限"), null=True, blank=True, editable=False)
    deadline_basis = models.CharField(_("时限依据"), max_length=300, blank=True, editable=False)
    is_late = models.BooleanField(_("超时报送"), default=False, editable=False, db_index=True)

    class Meta:
        verbose_name = _("灾情报告")
        verbose_name_plural = _("灾情报告")
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["event", "region", "reported_at"], name="lossreport_event_township")]

    def __str__(self):
        return f"{self.event}·{self.region}·{self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("losses:lossreport_detail", args=[self.pk])

    def siblings(self):
        """The other active reports of the same township on the same event."""
        qs = LossReport.objects.filter(event_id=self.event_id, region_id=self.region_id, voided_at__isnull=True)
        return qs.exclude(pk=self.pk) if self.pk else qs

    def clean(self):
        super().clean()
        errors = {}
        parts = sum((getattr(self, f) or Decimal(0)) for f in LOSS_PARTS)
        if parts != (self.direct_loss or Decimal(0)):
            errors["direct_loss"] = _("直接经济损失各分项之和（%(parts)s万元）与合计（%(total)s万元）不一致") % {
                "parts": parts, "total": self.direct_loss}
        if (self.crop_damaged_ha or 0) > (self.crop_affected_ha or 0):
            errors["crop_damaged_ha"] = _("成灾面积不能大于受灾面积")
        if (self.crop_failed_ha or 0) > (self.crop_damaged_ha or 0):
            errors["crop_failed_ha"] = _("绝收面积不能大于成灾面积")
        for kind, label in (("collapsed", _("倒塌")), ("severe", _("严重损坏")), ("minor", _("一般损坏"))):
            if (getattr(self, f"{kind}_households") or 0) > (getattr(self, f"{kind}_rooms") or 0):
                errors[f"{kind}_households"] = _("%(label)s房屋户数不能多于间数") % {"label": label}
        if self.region_id and self.region.level != 4:
            errors["region"] = _("灾情报告按乡镇（街道）填报，请选择乡镇")
        event = self._event()
        if event is not None and self.region_id and not self.region.is_within(event.region):
            errors["region"] = _("该乡镇不在灾害事件所在的区划内")
        if event is not None and self.reported_at:
            errors.update(self._check_sequence())
        if errors:
            raise ValidationError(errors)

    def _event(self):
        """The event, also one not saved yet (a ledger import creates the events of its rows with them)."""
        if self.event_id is not None:
            return self.event
        return self._state.fields_cache.get("event")

    def sibling_reports(self):
        """[(kind, reported_at)] of the township's other active reports on the event. A ledger import gives them
        (`_known_siblings`: those in the system and those of the file's earlier rows), read once per import."""
        known = getattr(self, "_known_siblings", None)
        if known is not None:
            return list(known)
        if self.event_id is None:
            return []
        return list(self.siblings().values_list("kind", "reported_at"))

    def _check_sequence(self):
        errors = {}
        if self.reported_at > timezone.now() + CLOCK_TOLERANCE:
            return {"reported_at": _("报告时间不能晚于当前时间")}
        if self.reported_at < self._event().started_at:
            return {"reported_at": _("报告时间不能早于灾害发生时间")}
        if not self.region_id:
            return errors
        others = self.sibling_reports()
        initial = [at for k, at in others if k == LossReportKind.INITIAL]
        verified = [at for k, at in others if k == LossReportKind.VERIFIED]
        if self.kind == LossReportKind.INITIAL:
            if initial:
                errors["kind"] = _("该乡镇对此次灾害已有初报，请填报续报或核报")
            elif others and min(at for _k, at in others) < self.reported_at:
                errors["reported_at"] = _("初报时间不能晚于该乡镇已有的续报、核报")
        else:
            if not initial:
                errors["kind"] = _("该乡镇尚无初报，不能先报%(kind)s") % {"kind": self.get_kind_display()}
            elif self.reported_at < initial[0]:
                errors["reported_at"] = _("%(kind)s时间不能早于初报时间") % {"kind": self.get_kind_display()}
            if self.kind == LossReportKind.VERIFIED and verified:
                errors["kind"] = _("该乡镇对此次灾害已有核报")
            elif self.kind == LossReportKind.VERIFIED and any(at > self.reported_at for _k, at in others):
                errors["reported_at"] = _("核报时间不能早于该乡镇已有的续报")
            if self.kind == LossReportKind.FOLLOW_UP and any(at <= self.reported_at for at in verified):
                errors["kind"] = _("该乡镇已核报，不能再续报")
        return errors

    def save(self, *args, **kwargs):
        from .services import report_deadline

        self.deadline, self.deadline_basis = report_deadline(self)
        self.is_late = bool(self.deadline and self.reported_at and self.reported_at > self.deadline)
        super().save(*args, **kwargs)

    def figures(self):
        return {f: getattr(self, f) for f in INDICATOR_FIELDS}
