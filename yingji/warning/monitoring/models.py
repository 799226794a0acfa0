"""监测: stations, sensors, readings (a volume table), aggregates, alarm rules (rule tables), alarms and their
lifecycle, and the ingest's heartbeat. See docs/monitoring.md."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel, ScopedQuerySet
from yingji.platform.core.rules import RuleRow
from yingji.platform.core.validators import latitude_validators, longitude_validators
from yingji.platform.core.workflow import WorkflowEvent

from .choices import (
    ACTIVE_STATES,
    AlarmLevel,
    AlarmState,
    AlarmType,
    Direction,
    Metric,
    RejectReason,
    SensorKind,
    StationKind,
    WatchedKind,
)

CODE_HELP = _("字母、数字、短横线，全县唯一；网关上报数据时用它指明传感器")


class Station(BusinessModel):
    """A monitoring station (监测站点): where sensors are, what it watches (a hazard point, reservoir, river section
    or enterprise), by a generic reference or by name and code (no import of another domain)."""

    code = models.CharField(_("站点编码"), max_length=40, unique=True)
    name = models.CharField(_("站点名称"), max_length=100)
    kind = models.CharField(_("站点类型"), max_length=20, choices=StationKind)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+")
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=longitude_validators)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=latitude_validators)
    watched_kind = models.CharField(_("监测对象类型"), max_length=20, choices=WatchedKind, default=WatchedKind.OTHER)
    watched_name = models.CharField(_("监测对象名称"), max_length=150, blank=True,
                                    help_text=_("如：青石镇东岙村滑坡隐患点、白水水库、××化工有限公司储罐区"))
    watched_code = models.CharField(_("监测对象编码"), max_length=60, blank=True,
                                    help_text=_("隐患点编号、水库注册登记号、河段编码或统一社会信用代码"))
    watched_type = models.ForeignKey(ContentType, verbose_name=_("关联记录类型"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    watched_id = models.PositiveBigIntegerField(_("关联记录编号"), null=True, blank=True, editable=False)
    watched = GenericForeignKey("watched_type", "watched_id")
    operator = models.CharField(_("运维单位"), max_length=100, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("监测站点")
        verbose_name_plural = _("监测站点")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def get_absolute_url(self):
        return reverse("monitoring:station_detail", args=[self.pk])


class Sensor(BusinessModel):
    """A sensor at a station: what it measures, its unit, its physical range and how often it reports."""

    code = models.CharField(_("传感器编码"), max_length=60, unique=True, help_text=CODE_HELP)
    station = models.ForeignKey(Station, verbose_name=_("监测站点"), on_delete=models.PROTECT,
                                related_name="sensors")
    kind = models.CharField(_("监测项"), max_length=20, choices=SensorKind)
    unit = models.CharField(_("单位"), max_length=12)
    range_min = models.FloatField(_("量程下限"))
    range_max = models.FloatField(_("量程上限"))
    interval_seconds = models.PositiveIntegerField(_("上报间隔（秒）"), default=60)
    offline_after = models.PositiveSmallIntegerField(
        _("离线判定（漏报次数）"), default=3, help_text=_("连续这么多个上报间隔没有数据即产生设备离线报警"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_region_field = "station__region"

    class Meta:
        verbose_name = _("传感器")
        verbose_name_plural = _("传感器")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("monitoring:sensor_detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.range_min is not None and self.range_max is not None and self.range_max <= self.range_min:
            errors["range_max"] = _("量程上限须大于量程下限")
        if self.interval_seconds is not None and self.interval_seconds < 1:
            errors["interval_seconds"] = _("上报间隔至少1秒")
        if self.offline_after is not None and self.offline_after < 1:
            errors["offline_after"] = _("离线判定至少为1次")
        if errors:
            raise ValidationError(errors)

    @property
    def offline_seconds(self):
        return self.interval_seconds * self.offline_after


class SensorStatus(models.Model):
    """The ingest's view of a sensor (not audited, written at most every few seconds per sensor): when it was last
    seen and since when it is offline. The offline sweep claims a silent sensor with a conditional UPDATE here."""

    sensor = models.OneToOneField(Sensor, on_delete=models.CASCADE, primary_key=True, related_name="status")
    last_seen_at = models.DateTimeField(_("最近上报"), null=True, blank=True)
    last_value = models.FloatField(_("最新值"), null=True, blank=True)
    offline_since = models.DateTimeField(_("离线起始"), null=True, blank=True)

    class Meta:
        verbose_name = _("传感器状态")
        verbose_name_plural = _("传感器状态")


class Reading(models.Model):
    """One measured value. A volume table: no audit, no region, one row per (sensor, ts) — a redelivered message
    is stored once. Pruned by the retention sweep (settings.MONITORING_RETENTION_DAYS).

    One index: the primary key (sensor, ts), which serves every query (a sensor's series, the rule windows, its last
    reading, retention per sensor). No surrogate id (each reading would cost a sequence call, 8 bytes and one more
    btree insertion; the aggregation sweep's high-water mark is ReadingLog's id), no index on ts alone."""

    pk = models.CompositePrimaryKey("sensor", "ts")
    sensor = models.ForeignKey(Sensor, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                               related_name="+")
    ts = models.DateTimeField(_("时间"))
    value = models.FloatField(_("数值"))

    class Meta:
        verbose_name = _("监测数据")
        verbose_name_plural = _("监测数据")


class Aggregate(models.Model):
    """Hourly and daily downsampling of the readings, for charts over long periods (filled by a sweep)."""

    class Period(models.TextChoices):
        HOUR = "hour", _("小时")
        DAY = "day", _("日")

    sensor = models.ForeignKey(Sensor, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    period = models.CharField(_("粒度"), max_length=4, choices=Period)
    start = models.DateTimeField(_("起始时间"))
    count = models.PositiveIntegerField(_("条数"))
    total = models.FloatField(_("合计"))
    minimum = models.FloatField(_("最小值"))
    maximum = models.FloatField(_("最大值"))

    class Meta:
        verbose_name = _("监测数据汇总")
        verbose_name_plural = _("监测数据汇总")
        constraints = [models.UniqueConstraint(fields=["sensor", "period", "start"], name="aggregate_sensor_start")]

    @property
    def mean(self):
        return self.total / self.count if self.count else None


class AlarmRule(RuleRow):
    """A rule of the alarm engine: for a sensor kind (or one sensor, by its code), the 蓝/黄/橙/红 thresholds of
    its value, of its rate of change or of its sum over a sliding window, with the pending period before firing and
    the keep-firing period before clearing (hysteresis on both sides)."""

    sensor_kind = models.CharField(_("监测项"), max_length=20, choices=SensorKind)
    sensor_code = models.CharField(_("传感器编码"), max_length=60, blank=True,
                                   help_text=_("空为该监测项的全部传感器；填写则只用于这一个传感器，优先于通用规则"))
    metric = models.CharField(_("判据"), max_length=8, choices=Metric, default=Metric.VALUE)
    window_minutes = models.PositiveIntegerField(
        _("时间窗口（分钟）"), default=0,
        help_text=_("累计：60、180、360、1440（1/3/6/24小时）；变化速率：以多少分钟计（如60为每小时）；实测值填0"))
    direction = models.CharField(_("方向"), max_length=8, choices=Direction, default=Direction.ABOVE)
    blue = models.FloatField(_("蓝色阈值"), null=True, blank=True)
    yellow = models.FloatField(_("黄色阈值"), null=True, blank=True)
    orange = models.FloatField(_("橙色阈值"), null=True, blank=True)
    red = models.FloatField(_("红色阈值"), null=True, blank=True)
    pending_seconds = models.PositiveIntegerField(_("持续多久才报警（秒）"), default=0,
                                                  help_text=_("越限持续这么久才触发报警（防抖）"))
    keep_firing_seconds = models.PositiveIntegerField(_("恢复多久才解除（秒）"), default=0,
                                                      help_text=_("回到阈值内持续这么久才判定恢复（防抖）"))

    rule_key = ("sensor_kind", "sensor_code", "metric", "window_minutes")
    rule_order = 60

    class Meta:
        verbose_name = _("监测报警规则")
        verbose_name_plural = _("监测报警规则")
        ordering = ["sensor_kind", "sensor_code", "metric", "window_minutes"]

    def __str__(self):
        target = self.sensor_code or self.get_sensor_kind_display()
        window = " " + _("%(n)s分钟") % {"n": self.window_minutes} if self.window_minutes else ""
        return f"{target} {self.get_metric_display()}{window}"

    def thresholds(self):
        """[(level, threshold)] of the levels set, lowest level first."""
        pairs = [(AlarmLevel.BLUE, self.blue), (AlarmLevel.YELLOW, self.yellow), (AlarmLevel.ORANGE, self.orange),
                 (AlarmLevel.RED, self.red)]
        return [(lvl, v) for lvl, v in pairs if v is not None]

    def clean(self):
        errors = {}
        values = [v for _l, v in self.thresholds()]
        if not values:
            errors["yellow"] = _("至少填写一级阈值")
        ordered = sorted(values) if self.direction == Direction.ABOVE else sorted(values, reverse=True)
        if values != ordered:
            errors["red"] = _("阈值须随级别升高而越来越严（高于报警：蓝≤黄≤橙≤红；低于报警反之）")
        if self.metric == Metric.SUM and self.window_minutes not in (60, 180, 360, 1440):
            errors["window_minutes"] = _("累计时间窗口须为60、180、360或1440分钟")
        if self.metric == Metric.RATE and not self.window_minutes:
            errors["window_minutes"] = _("变化速率须填写以多少分钟计")
        if self.metric == Metric.VALUE and self.window_minutes:
            errors["window_minutes"] = _("实测值判据不用时间窗口，请填0")
        if errors:
            raise ValidationError(errors)
        super().clean()


class AlarmQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state__in=ACTIVE_STATES)


_ALARM_TYPE_LABELS, _ALARM_LEVEL_LABELS = dict(AlarmType.choices), dict(AlarmLevel.choices)  # lazy labels


class Alarm(BusinessModel):
    """One alarm: a condition of one sensor (or of the ingest itself) that a person confirms, handles and closes.
    At most one active alarm per (sensor, alarm type): a partial unique constraint, not a check in Python."""

    sensor = models.ForeignKey(Sensor, verbose_name=_("传感器"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="alarms")
    station = models.ForeignKey(Station, verbose_name=_("监测站点"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="alarms")
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+")
    alarm_type = models.CharField(_("报警类型"), max_length=12, choices=AlarmType)
    level = models.PositiveSmallIntegerField(_("报警级别"), choices=AlarmLevel)
    state = models.CharField(_("状态"), max_length=14, choices=AlarmState, default=AlarmState.FIRING,
                             editable=False)
    rule = models.ForeignKey(AlarmRule, verbose_name=_("依据规则"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    message = models.CharField(_("报警内容"), max_length=300)
    triggered_at = models.DateTimeField(_("触发时间"), db_index=True)
    first_value = models.FloatField(_("触发值"), null=True, blank=True)
    peak_value = models.FloatField(_("峰值"), null=True, blank=True)
    last_value = models.FloatField(_("最新值"), null=True, blank=True)
    last_at = models.DateTimeField(_("最近越限时间"), null=True, blank=True)
    count = models.PositiveIntegerField(_("越限次数"), default=1,
                                        help_text=_("本报警期间越限（含升级）的次数；去重后不再另起报警"))
    recovered_at = models.DateTimeField(_("恢复正常时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+", editable=False)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("关闭人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", editable=False)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True, editable=False)
    warning = models.ForeignKey("alerts.Warning", verbose_name=_("转为预警草稿"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="from_alarms", editable=False)
    escalated_at = models.DateTimeField(_("升级叫应时间"), null=True, blank=True, editable=False,
                                        help_text=_("无人确认超过时限时，向报警所在区划的责任人发布并要求叫应"))
    escalation = models.ForeignKey("release.Release", verbose_name=_("升级发布"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)

    objects = AlarmQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测报警")
        verbose_name_plural = _("监测报警")
        ordering = ["-triggered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["sensor", "alarm_type"], condition=models.Q(state__in=ACTIVE_STATES),
                                    name="alarm_one_active_per_sensor_type"),
            models.UniqueConstraint(fields=["alarm_type"],
                                    condition=models.Q(state__in=ACTIVE_STATES, sensor__isnull=True),
                                    name="alarm_one_active_system_type"),
        ]
        indexes = [models.Index(fields=["state", "level"], name="alarm_state_level"),
                   models.Index(fields=["region", "triggered_at"], name="alarm_region_triggered")]

    def __str__(self):
        # the two labels looked up, as get_FOO_display() would show them: that one translates every label of the
        # choices on each call (19 gettext calls, ~0.5 ms an alarm; the ingest's audit rows name each new alarm)
        subject = self.sensor.code if self.sensor_id else _("接入服务")
        return (f"{subject} {_ALARM_TYPE_LABELS.get(self.alarm_type, self.alarm_type)}"
                f"（{_ALARM_LEVEL_LABELS.get(self.level, self.level)}）")

    def get_absolute_url(self):
        return reverse("monitoring:alarm_detail", args=[self.pk])

    @property
    def is_active(self):
        return self.state in ACTIVE_STATES


class AlarmEvent(WorkflowEvent):
    alarm = models.ForeignKey(Alarm, verbose_name=_("报警"), on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(_("原状态"), max_length=14, choices=AlarmState)
    to_state = models.CharField(_("新状态"), max_length=14, choices=AlarmState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("报警处置记录")
        verbose_name_plural = _("报警处置记录")


class IngestHeartbeat(models.Model):
    """One row per ingest process (consumer): what the broker delivered, what was stored or refused, and when. The
    watchdog sweep compares them; the ingest-health page shows them."""

    consumer = models.CharField(_("接入进程"), max_length=100, unique=True)
    host = models.CharField(_("主机"), max_length=100, blank=True)
    pid = models.PositiveIntegerField(_("进程号"), null=True, blank=True)
    started_at = models.DateTimeField(_("启动时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("心跳时间"), default=timezone.now)
    stopped_at = models.DateTimeField(_("正常退出时间"), null=True, blank=True)
    messages = models.BigIntegerField(_("收到消息数"), default=0)
    settled_messages = models.BigIntegerField(_("已处理消息数"), default=0)
    delivered = models.BigIntegerField(_("收到数据条数"), default=0)
    stored = models.BigIntegerField(_("入库条数"), default=0)
    duplicates = models.BigIntegerField(_("重复条数"), default=0)
    rejected = models.BigIntegerField(_("拒收条数"), default=0)
    rejected_by_reason = models.JSONField(_("拒收原因"), default=dict)
    oldest_unsettled_at = models.DateTimeField(_("最早未入库接收时间"), null=True, blank=True)
    last_stored_at = models.DateTimeField(_("最近入库时间"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("接入进程心跳")
        verbose_name_plural = _("接入进程心跳")
        ordering = ["consumer"]

    def __str__(self):
        return self.consumer

    @property
    def backlog(self):
        """Messages received from the broker and not yet stored (or refused)."""
        return self.messages - self.settled_messages


class RejectedReading(models.Model):
    """A sample of what the ingest refused (at most a few per reason per second), for the ingest-health page."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    consumer = models.CharField(_("接入进程"), max_length=100)
    reason = models.CharField(_("原因"), max_length=16, choices=RejectReason)
    sensor_code = models.CharField(_("传感器编码"), max_length=60, blank=True)
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    topic = models.CharField(_("主题"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("拒收数据")
        verbose_name_plural = _("拒收数据")
        ordering = ["-at", "-pk"]


class ReadingLog(models.Model):
    """One row per transaction that stored readings (ingest.insert_readings), written in that transaction: for each
    sensor the first and last time of its readings. Its id is the aggregation sweep's high-water mark (the readings
    have no id of their own); the sweep deletes the rows it has folded."""

    id = models.BigAutoField(primary_key=True)
    spans = models.JSONField()  # [[sensor id, first ts, last ts (epoch seconds)], …]


class SweepMark(models.Model):
    """A sweep's watermark (e.g. the last ReadingLog id the aggregation has folded in)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)
