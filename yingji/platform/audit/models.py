"""The audit trail: append-only from the application."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import ScopedMixin, ScopedQuerySet


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("审计日志只能追加，不能修改"))

    def delete(self):
        raise AppendOnlyError(_("审计日志只能追加，不能删除"))


class AppendOnlyModel(ScopedMixin, models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("审计日志只能追加，不能修改"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("审计日志只能追加，不能删除"))


class ObjectChange(AppendOnlyModel):
    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        VOID = "void", _("作废")
        RESTORE = "restore", _("恢复")
        TRANSITION = "transition", _("流转")
        DELETE = "delete", _("删除")

    time = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    user_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    request_id = models.UUIDField(_("请求号"), null=True, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, default="web")
    action = models.CharField(_("动作"), max_length=12, choices=Action)
    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.BigIntegerField(_("对象ID"))
    object_repr = models.CharField(_("对象"), max_length=200)
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    # the record a child row belongs to (its model's audit_parent), so that the record's history shows the row
    related_content_type = models.ForeignKey(ContentType, verbose_name=_("所属记录类型"), null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    related_object_id = models.BigIntegerField(_("所属记录ID"), null=True, blank=True)
    prechange = models.JSONField(_("修改前"), null=True, blank=True)
    postchange = models.JSONField(_("修改后"), null=True, blank=True)
    changed_fields = models.JSONField(_("变更字段"), default=list, blank=True)
    message = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-time"], name="objectchange_object"),
                   models.Index(fields=["related_content_type", "related_object_id", "-time"],
                                name="objectchange_related")]
        permissions = [("restore_record", _("恢复已作废的记录"))]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"


class AuditEvent(AppendOnlyModel):
    """Security and data-movement events: logins, failures, lockouts, exports, imports, role changes."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKED_OUT = "locked_out", _("账户锁定")
        LOGOUT = "logout", _("退出")
        OTP_FAILED = "otp_failed", _("动态口令错误")
        OTP_ENROLLED = "otp_enrolled", _("绑定动态口令")
        OTP_RESET = "otp_reset", _("重置动态口令")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        EXPORT = "export", _("导出")
        IMPORT = "import", _("导入")
        DOWNLOAD = "download", _("下载报告/文书")
        PERMISSION = "permission", _("权限变更")
        TOKEN = "token", _("API令牌")

    time = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("事件"), max_length=20, choices=Kind, db_index=True)
    success = models.BooleanField(_("成功"), default=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    request_id = models.UUIDField(_("请求号"), null=True, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    scope_region_field = "region"
    scope_department_field = None

    @classmethod
    def region_scope_q(cls, user):
        """Events of the user's subtree, and those tied to no region (e.g. a failed login of an unknown name)."""
        q = super().region_scope_q(user)
        return None if q is None else (q | models.Q(region__isnull=True))

    class Meta:
        verbose_name = _("安全审计事件")
        verbose_name_plural = _("安全审计事件")
        ordering = ["-time", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"
