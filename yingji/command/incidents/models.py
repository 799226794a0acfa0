"""Incidents (突发事件) received by the duty desk, their reporting deadlines, reports and append-only timeline.

An incident is a BusinessModel (region-scoped, audited, voided not deleted). Each reporting duty is a
ReportDeadline row computed from the IncidentReportingRule rows (rules as data, docs/rules.md); the sweeper fires reminders
from those rows (sweeps.py), each reminder a Reminder row unique per (deadline, stage), so a restarted sweeper
neither misses nor repeats one. The timeline (TimelineEntry) is append-only: the model refuses updates and deletes;
other apps write to it only through services.record_event().
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
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
from yingji.platform.core.privacy import PHONE, personal
from yingji.platform.core.rules import RuleRow
from yingji.platform.core.validators import latitude_validators, longitude_validators, validate_phone

from .choices import (
    Cadence,
    Category,
    Channel,
    EntryKind,
    Grade,
    IncidentType,
    RecipientLevel,
    ReportKind,
    ResponseLevel,
    Source,
    Status,
    category_of,
)

CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


def _count(label):
    return [MinValueValidator(0, message=_("%(label)s不能为负数") % {"label": label})]


class IncidentReportingRule(RuleRow):
    """A reporting duty of the duty desk: within how many minutes a first report goes up by phone or in writing,
    or when 续报 are due, for one grade (and optionally some categories), with its legal basis."""

    duty = models.CharField(_("报告事项"), max_length=16, choices=ReportKind)
    grade = models.PositiveSmallIntegerField(_("事件等级"), choices=Grade)
    channel = models.CharField(_("报告方式"), max_length=8, choices=Channel)
    recipient_level = models.CharField(_("报告对象"), max_length=10, choices=RecipientLevel)
    minutes = models.PositiveIntegerField(_("时限（分钟）"), null=True, blank=True,
                                          help_text=_("首报：自接报时起的分钟数"))
    cadence = models.CharField(_("续报频次"), max_length=8, choices=Cadence, blank=True)
    times = models.CharField(_("每日续报时点"), max_length=60, blank=True,
                             help_text=_("如 08:00,17:00：在这些时点之前续报"))
    every_hours = models.PositiveIntegerField(_("续报间隔（小时）"), null=True, blank=True)
    categories = models.JSONField(_("适用事件类别"), default=list, blank=True, help_text=_("空为所有类别"))

    rule_key = ("duty", "grade", "channel", "categories")
    narrowing_field = "categories"
    list_choices = {"categories": Category.choices}
    rule_order = 40

    class Meta:
        verbose_name = _("突发事件信息报送时限")
        verbose_name_plural = _("突发事件信息报送时限")
        ordering = ["duty", "grade", "channel"]

    def __str__(self):
        return f"{self.get_grade_display()}{self.get_duty_display()}（{self.get_channel_display()}）：{self.limit_display}"

    @property
    def limit_display(self):
        if self.duty == ReportKind.FIRST and self.minutes is not None:
            if self.minutes % 60 == 0:
                return _("%(n)d小时内") % {"n": self.minutes // 60}
            return _("%(n)d分钟内") % {"n": self.minutes}
        if self.cadence == Cadence.TIMES:
            return _("每日%(t)s前") % {"t": "、".join(self.time_points_display())}
        if self.cadence == Cadence.HOURS and self.every_hours:
            return _("每%(n)d小时") % {"n": self.every_hours}
        return "—"

    def time_points(self):
        points = []
        for part in (self.times or "").replace("，", ",").split(","):
            part = part.strip()
            if part:
                h, m = part.split(":")
                points.append(datetime.time(int(h), int(m)))
        return sorted(points)

    def time_points_display(self):
        return [t.strftime("%H:%M") for t in self.time_points()]

    def clean(self):
        errors = {}
        if self.duty == ReportKind.FIRST and not self.minutes:
            errors["minutes"] = _("首报须填写时限（分钟）")
        if self.duty == ReportKind.FOLLOW_UP:
            if self.cadence == Cadence.TIMES:
                try:
                    if not self.time_points():
                        errors["times"] = _("每日定时续报须填写时点，如 08:00,17:00")
                except (ValueError, TypeError):
                    errors["times"] = _("时点格式应为 时:分，多个以逗号分隔，如 08:00,17:00")
            elif self.cadence == Cadence.HOURS and not self.every_hours:
                errors["every_hours"] = _("间隔续报须填写间隔小时数")
            elif not self.cadence:
                errors["cadence"] = _("续报规则须选择续报频次")
        if errors:
            raise ValidationError(errors)
        super().clean()


class Incident(BusinessModel):
    """A 突发事件 as received by the duty desk: what, when, where, how bad, who told us."""

    title = models.CharField(_("事件名称"), max_length=150)
    category = models.CharField(_("事件类别"), max_length=12, choices=Category)
    incident_type = models.CharField(_("事件类型"), max_length=32, choices=IncidentType)
    occurred_at = models.DateTimeField(_("发生时间"))
    received_at = models.DateTimeField(_("接报时间"), default=timezone.now,
                                       help_text=_("报告时限自接报时起算"))
    place = models.CharField(_("发生地点"), max_length=200)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="incidents")
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=longitude_validators)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=latitude_validators)
    deaths = models.PositiveIntegerField(_("死亡人数"), default=0, validators=_count(_("死亡人数")))
    missing = models.PositiveIntegerField(_("失踪（下落不明）人数"), default=0, validators=_count(_("失踪人数")))
    injuries = models.PositiveIntegerField(_("受伤人数"), default=0, validators=_count(_("受伤人数")))
    trapped = models.PositiveIntegerField(_("被困人数"), default=0, validators=_count(_("被困人数")))
    evacuated = models.PositiveIntegerField(_("转移疏散人数"), default=0, validators=_count(_("转移疏散人数")))
    grade = models.PositiveSmallIntegerField(_("初判等级"), choices=Grade, default=Grade.ORDINARY, db_index=True)
    source = models.CharField(_("信息来源"), max_length=12, choices=Source)
    reporter_name = models.CharField(_("报告人"), max_length=60)
    reporter_unit = models.CharField(_("报告人单位"), max_length=120, blank=True)
    reporter_phone = personal(models.CharField(_("报告人电话"), max_length=40, blank=True,
                                               validators=[validate_phone]), PHONE)
    summary = models.TextField(_("基本情况"), blank=True,
                               help_text=_("起因、经过、影响范围、发展趋势、已采取的措施"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接报人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    on_duty_leader = models.CharField(_("带班领导"), max_length=60, blank=True,
                                      help_text=_("接报时自动填写当班带班领导"))
    status = models.CharField(_("状态"), max_length=8, choices=Status, default=Status.OPEN, editable=False,
                              db_index=True)
    response_level = models.PositiveSmallIntegerField(_("响应级别"), choices=ResponseLevel, null=True, blank=True,
                                                      editable=False)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True, editable=False)
    closing_summary = models.TextField(_("处置总结"), blank=True, editable=False)
    # the record another domain created from this incident (core/handoffs.py): a generic reference
    handoff_kind = models.CharField(_("移交类型"), max_length=40, blank=True, editable=False)
    handoff_type = models.ForeignKey(ContentType, verbose_name=_("移交记录类型"), null=True, blank=True,
                                     editable=False, on_delete=models.PROTECT, related_name="+")
    handoff_id = models.PositiveBigIntegerField(_("移交记录编号"), null=True, blank=True, editable=False)
    handoff_url = models.CharField(_("移交记录地址"), max_length=200, blank=True, editable=False)
    handoff_label = models.CharField(_("移交记录"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("突发事件")
        verbose_name_plural = _("突发事件")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["region", "received_at"], name="incident_region_time")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(category=""), name="incident_category_required"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("incidents:incident_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status == Status.OPEN

    @property
    def casualties_display(self):
        parts = []
        for label, n in ((_("死亡"), self.deaths), (_("失踪"), self.missing), (_("受伤"), self.injuries),
                         (_("被困"), self.trapped)):
            if n:
                parts.append(f"{label}{n}人")
        return "，".join(parts) or _("暂无人员伤亡")

    def clean(self):
        super().clean()
        errors = {}
        if not self.category:
            errors["category"] = _("请选择事件类别")
        elif self.incident_type and category_of(self.incident_type) != self.category:
            errors["incident_type"] = _("事件类型“%(t)s”不属于%(c)s") % {
                "t": IncidentType(self.incident_type).label, "c": Category(self.category).label}
        now = timezone.now() + CLOCK_TOLERANCE
        if self.occurred_at and self.occurred_at > now:
            errors["occurred_at"] = _("发生时间不能晚于当前时间")
        if self.received_at and self.received_at > now:
            errors["received_at"] = _("接报时间不能晚于当前时间")
        if self.occurred_at and self.received_at and self.received_at < self.occurred_at:
            errors["received_at"] = _("接报时间不能早于发生时间")
        if self.region_id and self.region.level < 3:
            errors["region"] = _("事件所在区划应为县级或以下")
        if (self.longitude is None) != (self.latitude is None):
            errors["latitude"] = _("经度和纬度须同时填写")
        if errors:
            raise ValidationError(errors)

    def figures(self):
        return {f: getattr(self, f) for f in ("deaths", "missing", "injuries", "trapped", "evacuated", "grade")}


class IncidentReport(BusinessModel):
    """A report sent upward (首报, 续报, 终报) by phone or in writing, with the figures as reported."""

    incident = models.ForeignKey(Incident, verbose_name=_("突发事件"), on_delete=models.PROTECT,
                                 related_name="reports")
    kind = models.CharField(_("报告类型"), max_length=16, choices=ReportKind)
    channel = models.CharField(_("报告方式"), max_length=8, choices=Channel)
    recipient_level = models.CharField(_("报告对象"), max_length=10, choices=RecipientLevel)
    recipient = models.CharField(_("接收单位"), max_length=120, blank=True, help_text=_("如 市应急管理局总值班室"))
    reported_at = models.DateTimeField(_("报告时间"), default=timezone.now)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报告人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    content = models.TextField(_("报告内容"), blank=True)
    snapshot = models.JSONField(_("报告时的数据"), default=dict, blank=True, editable=False)
    late = models.BooleanField(_("迟报"), default=False, editable=False)
    late_minutes = models.PositiveIntegerField(_("超时（分钟）"), default=0, editable=False)

    scope_region_field = "incident__region"

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        ordering = ["-reported_at", "-id"]

    def __str__(self):
        return f"{self.incident}·{self.get_kind_display()}（{self.get_channel_display()}）"

    def get_absolute_url(self):
        return reverse("incidents:incidentreport_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.reported_at and self.reported_at > timezone.now() + CLOCK_TOLERANCE:
            raise ValidationError({"reported_at": _("报告时间不能晚于当前时间")})
        if self.incident_id and self.reported_at and self.reported_at < self.incident.received_at:
            raise ValidationError({"reported_at": _("报告时间不能早于接报时间")})


class DeadlineQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True, incident__voided_at__isnull=True)


class ReportDeadline(ScopedMixin, AuditedMixin):
    """One reporting duty of an incident with its due time, from a IncidentReportingRule row (or 终报 at closing).

    The sweeper reminds from `next_remind_at`/`stage`: stage 0 nothing sent yet, 1 the 'due soon' reminder sent,
    2 the 'overdue' reminder sent. A fulfilled duty has done_at and the report; `late` says it came after due_at."""

    class Stage(models.IntegerChoices):
        NONE = 0, _("未提醒")
        SOON = 1, _("即将到期提醒")
        OVERDUE = 2, _("超时提醒")

    incident = models.ForeignKey(Incident, verbose_name=_("突发事件"), on_delete=models.PROTECT,
                                 related_name="deadlines")
    kind = models.CharField(_("报告类型"), max_length=16, choices=ReportKind)
    channel = models.CharField(_("报告方式"), max_length=8, choices=Channel)
    recipient_level = models.CharField(_("报告对象"), max_length=10, choices=RecipientLevel)
    sequence = models.PositiveIntegerField(_("序号"), default=1)
    due_at = models.DateTimeField(_("截止时间"), db_index=True)
    rule = models.ForeignKey(IncidentReportingRule, verbose_name=_("时限规则"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    report = models.ForeignKey(IncidentReport, verbose_name=_("报告"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="deadlines")
    late = models.BooleanField(_("迟报"), default=False)
    cancelled = models.BooleanField(_("已取消"), default=False,
                                    help_text=_("事件结束后不再需要的续报"))
    stage = models.PositiveSmallIntegerField(_("提醒阶段"), choices=Stage, default=Stage.NONE)
    next_remind_at = models.DateTimeField(_("下次提醒时间"), null=True, blank=True, db_index=True)

    scope_region_field = "incident__region"
    audit_parent = "incident"
    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("报送时限")
        verbose_name_plural = _("报送时限")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "kind", "channel", "recipient_level", "sequence"],
                                    name="deadline_unique_duty"),
        ]

    def __str__(self):
        return (f"{self.get_kind_display()}"
                f"{'' if self.sequence == 1 else _('（第%(n)s次）') % {'n': self.sequence}}·{self.get_channel_display()}"
                f"·{self.get_recipient_level_display()}")

    def delete(self, *args, **kwargs):
        raise RecordDeletionForbidden(_("报送时限不可删除。"))

    @property
    def is_open(self):
        return self.done_at is None and not self.cancelled

    def remaining(self, now=None):
        return self.due_at - (now or timezone.now())


class Reminder(models.Model):
    """One reminder the sweeper fired for a deadline: unique per (deadline, stage), claimed then sent.

    Claiming inserts the row (the unique constraint makes a second claim impossible) and advances the deadline's
    stage in one transaction; sending marks sent_at with the duty officers then on shift (core.oncall)."""

    deadline = models.ForeignKey(ReportDeadline, verbose_name=_("报送时限"), on_delete=models.PROTECT,
                                 related_name="reminders")
    stage = models.PositiveSmallIntegerField(_("提醒阶段"), choices=ReportDeadline.Stage)
    scheduled_at = models.DateTimeField(_("应提醒时间"))
    claimed_at = models.DateTimeField(_("生成时间"))
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True, db_index=True)
    recipients = models.CharField(_("提醒对象"), max_length=300, blank=True)
    text = models.CharField(_("提醒内容"), max_length=300)

    class Meta:
        verbose_name = _("报送提醒")
        verbose_name_plural = _("报送提醒")
        ordering = ["-scheduled_at"]
        constraints = [models.UniqueConstraint(fields=["deadline", "stage"], name="reminder_once_per_stage")]

    def __str__(self):
        return self.text


class TimelineQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise RecordDeletionForbidden(_("事件时间线只能追加，不能修改。"))

    def delete(self):
        raise RecordDeletionForbidden(_("事件时间线只能追加，不能删除。"))


class TimelineEntry(ScopedMixin, models.Model):
    """One line of an incident's append-only timeline (报告、决策、响应、任务、资源调派与归还 …).

    Written only through services.record_event(); save() refuses to change a saved row and delete() refuses."""

    incident = models.ForeignKey(Incident, verbose_name=_("突发事件"), on_delete=models.PROTECT,
                                 related_name="timeline")
    seq = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=12, choices=EntryKind)
    at = models.DateTimeField(_("时间"))
    text = models.TextField(_("内容"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    ref_type = models.ForeignKey(ContentType, verbose_name=_("关联记录类型"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    ref_id = models.PositiveBigIntegerField(_("关联记录编号"), null=True, blank=True)
    ref_label = models.CharField(_("关联记录"), max_length=200, blank=True)
    # a task given to a unit: the entry that completes it names it
    completes = models.OneToOneField("self", verbose_name=_("完成的任务"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="completed_by")

    scope_region_field = "incident__region"
    objects = TimelineQuerySet.as_manager()

    class Meta:
        verbose_name = _("事件时间线")
        verbose_name_plural = _("事件时间线")
        ordering = ["incident", "seq"]
        constraints = [models.UniqueConstraint(fields=["incident", "seq"], name="timeline_unique_seq")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.text[:40]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RecordDeletionForbidden(_("事件时间线只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordDeletionForbidden(_("事件时间线只能追加，不能删除。"))

    @property
    def ref_url(self):
        if not self.ref_type_id:
            return ""
        try:
            obj = self.ref_type.get_object_for_this_type(pk=self.ref_id)
        except Exception:
            return ""
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
