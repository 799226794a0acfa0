"""预警发布与叫应: the recipient directory, releases, per-recipient deliveries and 叫应 state.

- Recipient, Group, Ward (包保对象): the directory, region-scoped business records.
- Release: one message (a warning, a response notice, an alarm …: any `source`, a generic reference) sent to the
  people of some regions and groups on some channels.
- Target: one row per (release, person): the person's 叫应 state (step, next_action_at), advanced by the sweeper.
- Delivery: one row per (target, channel, round) under a unique constraint; round 0 is the release itself
  (so (release, recipient, channel) is unique), later rounds are 叫应 redials and 未叫应 notices. Its id is the
  idempotency key sent to the gateway.
- ReleaseEvent: every attempt, receipt, confirmation and escalation ("有叫有应有记录").
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel
from yingji.platform.core.privacy import ADDRESS, EMAIL, NAME, PHONE, mask_name, personal
from yingji.platform.core.rules import RuleRow
from yingji.platform.core.validators import normalize_phone, validate_phone

from .choices import (
    Channel,
    ConfirmMethod,
    DeliveryStatus,
    Duty,
    EventKind,
    Level,
    ReleaseStatus,
    TargetState,
    WardKind,
)


def db_datetime(value):
    """A datetime as a parameter of hand-written SQL, written exactly as the ORM writes it (on SQLite: naive UTC
    text, so raw and ORM-written values compare correctly; on PostgreSQL: unchanged)."""
    return connection.ops.adapt_datetimefield_value(value)


class Group(BusinessModel):
    """A recipient group (防汛责任人, 地灾群测群防员 …) of a region; a release may target groups."""

    name = models.CharField(_("分组名称"), max_length=60)
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+")
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("接收分组")
        verbose_name_plural = _("接收分组")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], condition=models.Q(voided_at__isnull=True),
                                               name="release_group_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("release:group_detail", args=[self.pk])


class Recipient(BusinessModel):
    """A person (or an 应急广播 terminal) who receives warnings: phone, duty, region, groups, superior."""

    name = models.CharField(_("姓名"), max_length=50)
    phone = personal(models.CharField(_("联系电话"), max_length=30, validators=[validate_phone]), PHONE)
    duty = models.CharField(_("职责"), max_length=20, choices=Duty, default=Duty.VILLAGE_LEAD)
    position = models.CharField(_("单位职务"), max_length=100, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+")
    recipient_groups = models.ManyToManyField(Group, verbose_name=_("所属分组"), blank=True, related_name="members")
    superior = models.ForeignKey("self", verbose_name=_("上级责任人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="subordinates",
                                 help_text=_("未叫应时通知的人（如村责任人的上级为乡镇包村干部）"))
    email = personal(models.EmailField(_("电子邮箱"), blank=True), EMAIL)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("平台账号"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text=_("有账号的可收站内消息"))
    terminal = models.CharField(_("广播终端编号"), max_length=40, blank=True,
                                help_text=_("应急广播终端的资源编码；有编号才经应急广播发送"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("预警接收人")
        verbose_name_plural = _("预警接收人")
        ordering = ["region__code", "name"]
        indexes = [models.Index(fields=["phone"], name="release_recipient_phone")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("release:recipient_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.phone = normalize_phone(self.phone)
        if self.superior_id and self.superior_id == self.pk:
            from django.core.exceptions import ValidationError

            raise ValidationError({"superior": _("上级责任人不能是本人")})

    def save(self, *args, **kwargs):
        self.phone = normalize_phone(self.phone)
        super().save(*args, **kwargs)


class Ward(BusinessModel):
    """包保对象: a vulnerable household or person to move in a flood or landslide, with the 包保责任人 who moves
    them. Personal data: only roles that must move people see it (see apps.py)."""

    kind = models.CharField(_("类别"), max_length=20, choices=WardKind)
    name = personal(models.CharField(_("姓名（户主）"), max_length=50), NAME)
    phone = personal(models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone]), PHONE)
    address = personal(models.CharField(_("住址"), max_length=200), ADDRESS)
    people = models.PositiveSmallIntegerField(_("人数"), default=1, validators=[MinValueValidator(1)])
    region = models.ForeignKey("regions.Region", verbose_name=_("所在村（社区）"), on_delete=models.PROTECT,
                               related_name="+")
    guardian = models.ForeignKey(Recipient, verbose_name=_("包保责任人"), on_delete=models.PROTECT,
                                 related_name="wards")
    note = models.CharField(_("转移安置说明"), max_length=200, blank=True, help_text=_("如转移至村委会避灾点"))

    class Meta:
        verbose_name = _("包保对象")
        verbose_name_plural = _("包保对象")
        ordering = ["region__code", "name"]

    def __str__(self):
        # the household's name is personal data: its title (page headings, the audit log's record name) is masked
        return f"{self.get_kind_display()}：{mask_name(self.name)}"

    def get_absolute_url(self):
        return reverse("release:ward_detail", args=[self.pk])


class EscalationPolicy(RuleRow):
    """叫应 escalation per warning level: first voice call, redials, then the 未叫应 list to the superior and the
    duty officer (勉县 practice: call within 3 min, redial 3 times within 5 min, then report)."""

    level = models.CharField(_("预警级别"), max_length=10, choices=Level)
    confirm_required = models.BooleanField(_("须叫应"), default=True)
    first_call_minutes = models.PositiveSmallIntegerField(
        _("未确认多少分钟后语音呼叫"), default=3, validators=[MaxValueValidator(1440)])
    redials = models.PositiveSmallIntegerField(_("重拨次数"), default=3, validators=[MaxValueValidator(10)])
    redial_window_minutes = models.PositiveSmallIntegerField(
        _("重拨时间窗（分钟）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(1440)])
    notify_superior = models.BooleanField(_("通知上级责任人"), default=True)
    notify_duty = models.BooleanField(_("通知值班员"), default=True)

    rule_key = ("level",)
    rule_order = 60

    class Meta:
        verbose_name = _("叫应升级策略")
        verbose_name_plural = _("叫应升级策略")
        ordering = ["level"]

    def __str__(self):
        return _("%(level)s预警叫应策略") % {"level": self.get_level_display()}


class Release(BusinessModel):
    """One message released to the people of some regions and groups on some channels."""

    region = models.ForeignKey("regions.Region", verbose_name=_("发布单位区划"), on_delete=models.PROTECT,
                               related_name="+")
    source_type = models.ForeignKey(ContentType, verbose_name=_("来源类型"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField(_("来源编号"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("发送内容"))
    level = models.CharField(_("级别"), max_length=10, choices=Level)
    channels = models.JSONField(_("发送渠道"), default=list)
    confirm_required = models.BooleanField(_("须叫应"), default=False)
    target_regions = models.ManyToManyField("regions.Region", verbose_name=_("发送区域"), blank=True,
                                            related_name="+")
    target_groups = models.ManyToManyField(Group, verbose_name=_("发送分组"), blank=True, related_name="releases")
    status = models.CharField(_("状态"), max_length=12, choices=ReleaseStatus, default=ReleaseStatus.QUEUED)
    resolved_at = models.DateTimeField(_("名单生成时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("发送完成时间"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("接收人数"), default=0)
    heartbeat_at = models.DateTimeField(_("发送进程心跳"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("预警发布")
        verbose_name_plural = _("预警发布")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source_type", "source_id"], name="release_source")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("release:release_detail", args=[self.pk])


class Target(models.Model):
    """One person of a release: his 叫应 state. The sweeper advances `step` at `next_action_at`; a confirmation
    sets confirmed_at and clears next_action_at in one conditional UPDATE, so nothing fires after it."""

    # release_id is the first column of release_target_unique, which serves every lookup by release: no index of
    # its own (one index less to fill when a release creates a million rows)
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="targets", db_index=False)
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="+")
    # the recipient's region copied when the list is resolved (the board counts per township): a copy of a column
    # the recipient's own foreign key checks, so no constraint and no index of its own (see docs/release.md)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False,
                               db_index=False)
    state = models.CharField(_("叫应状态"), max_length=12, choices=TargetState, default=TargetState.NOT_REQUIRED)
    step = models.PositiveSmallIntegerField(_("升级步骤"), default=0)
    next_action_at = models.DateTimeField(_("下次动作时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("叫应时间"), null=True, blank=True)
    confirm_method = models.CharField(_("叫应方式"), max_length=10, choices=ConfirmMethod, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", db_index=False)  # a partial index: set on few rows
    escalated_at = models.DateTimeField(_("上报未叫应时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("发布对象")
        verbose_name_plural = _("发布对象")
        constraints = [models.UniqueConstraint(fields=["release", "recipient"], name="release_target_unique")]
        # (next_action_at, id): the sweep pages through the due rows by this key (see sweeps.escalate)
        indexes = [models.Index(fields=["next_action_at", "id"], name="release_target_due",
                                condition=models.Q(next_action_at__isnull=False)),
                   models.Index(fields=["confirmed_by"], name="release_target_confirmed_by",
                                condition=models.Q(confirmed_by__isnull=False))]

    def __str__(self):
        return f"{self.release_id}/{self.recipient_id}"


class Delivery(models.Model):
    """One message on one channel to one person: exactly once. Claimed with a lease; its id is the idempotency key
    the gateway sees; a row found `sending` with an expired lease is reconciled with the gateway's record first."""

    # release and recipient are copies of checked columns (the target's release; the target's recipient, or his
    # superior's for a 未叫应 notice), written only by set-based INSERT … SELECT from those rows: no constraint of
    # their own, which spares two trigger calls per row when a release creates a million (see docs/release.md)
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="deliveries", db_constraint=False)
    # target_id is the first column of release_delivery_once: no index of its own
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    recipient = models.ForeignKey(Recipient, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  db_constraint=False)
    address = models.CharField(_("地址"), max_length=100, blank=True)  # only for a duty officer (no Recipient)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel)
    round = models.PositiveSmallIntegerField(_("轮次"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_try_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=40, blank=True)
    uncertain = models.BooleanField(default=False)  # claimed from an expired `sending` lease: reconcile first
    sent_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    error = models.CharField(_("失败原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        constraints = [models.UniqueConstraint(fields=["target", "channel", "round"], name="release_delivery_once")]
        # the claim reads only open rows: queued ones by channel and due time, sending ones by lease expiry
        indexes = [models.Index(fields=["channel", "next_try_at", "id"], name="release_delivery_queued",
                                condition=models.Q(status="queued")),
                   models.Index(fields=["channel", "lease_until"], name="release_delivery_leased",
                                condition=models.Q(status="sending"))]

    def __str__(self):
        return f"#{self.pk} {self.channel}"


class ReleaseEvent(models.Model):
    """What happened, when, by whom: attempts, receipts, confirmations, escalations ("有叫有应有记录")."""

    # a sweep writes one event per person and step: the indexes are what lookups need and no more — release_id
    # leads release_event_at; delivery and actor are set on few rows, so their indexes are partial
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="events", db_index=False)
    target = models.ForeignKey(Target, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    delivery = models.ForeignKey(Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 db_index=False)
    kind = models.CharField(_("事项"), max_length=12, choices=EventKind)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", db_index=False)
    detail = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("发布记录")
        verbose_name_plural = _("发布记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["release", "at"], name="release_event_at"),
                   models.Index(fields=["delivery"], name="release_event_delivery",
                                condition=models.Q(delivery__isnull=False)),
                   models.Index(fields=["actor"], name="release_event_actor", condition=models.Q(actor__isnull=False))]


class GatewayCursor(models.Model):
    """How far the receipts of one gateway have been read."""

    name = models.CharField(max_length=100, unique=True)
    position = models.BigIntegerField(default=0)

    def __str__(self):
        return self.name
