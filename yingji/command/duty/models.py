"""The duty roster (应急值守): posts, concrete shifts, their changes, handovers and the duty log.

A post's roster is a chain of Shift rows: each active shift starts where the previous one ends, so at every moment
exactly one person holds the post. Shifts are never edited: a swap, a substitution or an adjustment supersedes the
shifts it touches (superseded_at, superseded_by) and inserts new ones (made_by), both linked to one DutyChange row,
so the roster's history is whole. The database refuses two active shifts of a post with the same start or the same
end and a shift that ends before it starts (partial unique and check constraints, portable to SQLite and
PostgreSQL); the services check the chain (no gap, no overlap) inside the transaction that holds the post's row
lock (services.py). docs/command.md says why there is no exclusion constraint.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
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
from yingji.platform.core.validators import validate_phone

from .choices import LogKind, Origin, PostCode


class DutyPost(BusinessModel):
    """A duty post of a region's duty desk (带班领导, 值班员, 技术值班 …) with its shift pattern and rotation."""

    region = models.ForeignKey("regions.Region", verbose_name=_("值守区划"), on_delete=models.PROTECT,
                               related_name="duty_posts")
    code = models.CharField(_("岗位"), max_length=12, choices=PostCode)
    name = models.CharField(_("岗位名称"), max_length=30, blank=True,
                            help_text=_("空为岗位的通用名称；同一岗位设两班人员时可写“值班员（一）”"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    shift_hours = models.PositiveSmallIntegerField(_("每班时长（小时）"), default=24,
                                                   help_text=_("24、12 或 8 小时"))
    handover_time = models.TimeField(_("交接班时间"), default="08:30")
    phone = models.CharField(_("值班电话"), max_length=40, blank=True, validators=[validate_phone])
    rotation = models.ManyToManyField(settings.AUTH_USER_MODEL, through="RotationMember", blank=True,
                                      verbose_name=_("轮班人员"), related_name="+")

    class Meta:
        verbose_name = _("值班岗位")
        verbose_name_plural = _("值班岗位")
        ordering = ["region", "order", "id"]

    def __str__(self):
        return f"{self.region.name}·{self.label}"

    @property
    def label(self):
        return self.name or self.get_code_display()

    def get_absolute_url(self):
        return reverse("duty:dutypost_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.shift_hours not in (6, 8, 12, 24):
            raise ValidationError({"shift_hours": _("每班时长应为 6、8、12 或 24 小时")})


class RotationMember(AuditedMixin):
    """One person in a post's rotation, in order (the roster is generated round-robin from it)."""

    post = models.ForeignKey(DutyPost, verbose_name=_("值班岗位"), on_delete=models.CASCADE,
                             related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.PROTECT,
                             related_name="+")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    audit_parent = "post"

    class Meta:
        verbose_name = _("轮班人员")
        verbose_name_plural = _("轮班人员")
        ordering = ["post", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="rotation_unique_member")]

    def __str__(self):
        return str(self.user)


class DutyChange(ScopedMixin, AuditedMixin):
    """One change of the roster: generation, a swap, a substitution or an adjustment, with who, when and why."""

    region = models.ForeignKey("regions.Region", verbose_name=_("值守区划"), on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField(_("类型"), max_length=12, choices=Origin)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("操作时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("排班变更")
        verbose_name_plural = _("排班变更")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}（{timezone.localtime(self.at):%Y-%m-%d %H:%M}）"

    def get_absolute_url(self):
        return reverse("duty:roster")


class ShiftQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(superseded_at__isnull=True)

    def delete(self):
        raise RecordDeletionForbidden(_("班次不可删除，请通过换班、替班或调整变更。"))


class Shift(ScopedMixin, AuditedMixin):
    """One shift of one post: [start, end) held by one person. Active while superseded_at is empty."""

    post = models.ForeignKey(DutyPost, verbose_name=_("值班岗位"), on_delete=models.PROTECT, related_name="shifts")
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("值班人员"), on_delete=models.PROTECT,
                               related_name="duty_shifts")
    origin = models.CharField(_("来源"), max_length=12, choices=Origin, default=Origin.ROTATION)
    made_by = models.ForeignKey(DutyChange, verbose_name=_("产生于"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="made")
    superseded_at = models.DateTimeField(_("被替代时间"), null=True, blank=True)
    superseded_by = models.ForeignKey(DutyChange, verbose_name=_("被替代于"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded")

    scope_region_field = "post__region"
    audit_parent = "post"
    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["post", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="shift_ends_after_start"),
            models.UniqueConstraint(fields=["post", "start"], condition=models.Q(superseded_at__isnull=True),
                                    name="shift_unique_active_start"),
            models.UniqueConstraint(fields=["post", "end"], condition=models.Q(superseded_at__isnull=True),
                                    name="shift_unique_active_end"),
        ]
        indexes = [models.Index(fields=["post", "start", "end"], name="shift_post_time")]

    def __str__(self):
        s, e = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{self.post.label} {s:%m-%d %H:%M}–{e:%m-%d %H:%M} {person_name(self.person)}"

    def get_absolute_url(self):
        return reverse("duty:roster") + f"?month={timezone.localtime(self.start):%Y-%m}"

    def delete(self, *args, **kwargs):
        raise RecordDeletionForbidden(_("班次不可删除，请通过换班、替班或调整变更。"))


def person_name(user):
    return (user.full_name or user.username) if user else ""


class Handover(ScopedMixin, AuditedMixin):
    """交接班: the outgoing officer hands the desk to the incoming one, with what is still open."""

    post = models.ForeignKey(DutyPost, verbose_name=_("值班岗位"), on_delete=models.PROTECT,
                             related_name="handovers")
    at = models.DateTimeField(_("交接时间"), default=timezone.now)
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("交班人"), on_delete=models.PROTECT,
                                  related_name="+")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接班人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("本班情况"), blank=True)

    scope_region_field = "post__region"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("交接班")
        verbose_name_plural = _("交接班")
        ordering = ["-at", "-id"]

    def __str__(self):
        return _("%(post)s交接班 %(at)s") % {"post": self.post.label, "at": f"{timezone.localtime(self.at):%Y-%m-%d %H:%M}"}

    def get_absolute_url(self):
        return reverse("duty:handover_detail", args=[self.pk])


class HandoverItem(AuditedMixin):
    """An open item handed over; an item not done by the next handover is carried over to it (carried_from)."""

    handover = models.ForeignKey(Handover, verbose_name=_("交接班"), on_delete=models.PROTECT, related_name="items")
    text = models.CharField(_("待办事项"), max_length=300)
    done = models.BooleanField(_("已办结"), default=False)
    carried_from = models.OneToOneField("self", verbose_name=_("延续自"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="carried_to")

    audit_parent = "handover"

    class Meta:
        verbose_name = _("交接事项")
        verbose_name_plural = _("交接事项")
        ordering = ["handover", "id"]

    def __str__(self):
        return self.text


class DutyLog(BusinessModel):
    """值班日志: a call, a fax, an action of the duty desk."""

    region = models.ForeignKey("regions.Region", verbose_name=_("值守区划"), on_delete=models.PROTECT,
                               related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    kind = models.CharField(_("类型"), max_length=12, choices=LogKind)
    counterpart = models.CharField(_("对方单位/人员"), max_length=120, blank=True)
    phone = personal(models.CharField(_("对方电话"), max_length=40, blank=True, validators=[validate_phone]), PHONE)
    content = models.TextField(_("内容"))
    handling = models.TextField(_("处理情况"), blank=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("值班人员"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey("incidents.Incident", verbose_name=_("相关事件"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="duty_logs")

    class Meta:
        verbose_name = _("值班日志")
        verbose_name_plural = _("值班日志")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%m-%d %H:%M} {self.get_kind_display()} {self.counterpart}"

    def get_absolute_url(self):
        return reverse("duty:dutylog_detail", args=[self.pk])
