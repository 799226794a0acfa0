import datetime
import functools

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

from yingji.platform.core.models import AuditedMixin, BusinessModel, ScopedMixin, ScopedQuerySet
from yingji.platform.core.privacy import PHONE, mask_phone, personal
from yingji.platform.core.validators import validate_mobile, validate_phone

from .choices import CommitteeKind, Industry, OrgKind
from .roles import ROLES


class Organisation(BusinessModel):
    """A unit (单位): the bureau, its sections, township offices, industry departments, committees …"""

    name = models.CharField(_("单位名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("单位类型"), max_length=20, choices=OrgKind)
    industry = models.CharField(_("行业领域"), max_length=24, choices=Industry, blank=True,
                                help_text=_("行业主管部门所管的行业，用于“管行业必须管安全”的数据范围"))
    committee_kind = models.CharField(_("议事协调机构类别"), max_length=16, choices=CommitteeKind, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="organisations")
    parent = models.ForeignKey("self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    members = models.ManyToManyField("self", verbose_name=_("成员单位"), blank=True, symmetrical=False,
                                     related_name="committees",
                                     help_text=_("安委会、减灾委、防指、森防指等议事协调机构的成员单位"))
    phone = models.CharField(_("值班电话"), max_length=40, blank=True, validators=[validate_phone])
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region__code", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="organisation_unique_name_in_region")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("accounts:organisation_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.kind == OrgKind.INDUSTRY and not self.industry:
            raise ValidationError({"industry": _("行业主管部门必须选择行业领域")})
        if self.kind == OrgKind.COMMITTEE and not self.committee_kind:
            raise ValidationError({"committee_kind": _("议事协调机构必须选择类别")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("上级单位不能是自己")})


class Role(models.Model):
    """Names one of the bureau's roles (ROLES) for its Django Group; permissions live on the group."""

    code = models.CharField(_("角色代码"), max_length=30, unique=True)
    group = models.OneToOneField(Group, verbose_name=_("权限组"), on_delete=models.CASCADE, related_name="role")
    seeded = models.JSONField(_("已授予的默认权限"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self):
        return str(ROLES.get(self.code, self.group.name))


class UserQuerySet(ScopedQuerySet):
    pass


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    def get_queryset(self):
        return super().get_queryset().select_related("region", "organisation")


@functools.cache
def _backends(paths):
    """The authentication backends named by `paths`, instantiated once (they keep no state of their own)."""
    from django.contrib.auth import load_backend

    return tuple(load_backend(path) for path in paths)


class User(ScopedMixin, AuditedMixin, AbstractUser):
    """An account. Its region is the root of everything it may see; its organisation may narrow that further."""

    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = personal(models.CharField(_("手机号码"), max_length=20, blank=True, validators=[validate_mobile]), PHONE)
    region = models.ForeignKey("regions.Region", verbose_name=_("管辖区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="users",
                               help_text=_("用户只能看到和修改本区划及下级区划的记录"))
    organisation = models.ForeignKey(Organisation, verbose_name=_("所在单位"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="users")
    title = models.CharField(_("职务"), max_length=60, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, editable=False,
        help_text=_("管理员设置或重置的密码：用户登录后须先修改为只有本人知道的密码"))

    audit_exclude_fields = ("password", "last_login", "updated_at")

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        permissions = [("view_personal_data", _("查看未脱敏的个人信息"))]

    def __str__(self):
        return self.full_name or self.username

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        from yingji.platform.core.models import RecordDeletionForbidden

        raise RecordDeletionForbidden(_("用户不可删除，请停用。"))

    def has_perm(self, perm, obj=None):
        """Django's answer (PermissionsMixin.has_perm): an active superuser has every permission, otherwise the first
        backend that grants it answers yes and one that raises PermissionDenied answers no. Only the backends are
        made once per process (for the AUTHENTICATION_BACKENDS in force) instead of at every call, which was two
        thirds of a call's cost, and the menu alone asks about 80 times a page. Nothing is kept of the answers: each
        comes from the backends, which read the user's permissions once per request (UserBackend)."""
        if self.is_active and self.is_superuser:
            return True
        from django.core.exceptions import PermissionDenied

        for backend in _backends(tuple(settings.AUTHENTICATION_BACKENDS)):
            if not hasattr(backend, "has_perm"):
                continue
            try:
                if backend.has_perm(self, perm, obj):
                    return True
            except PermissionDenied:
                return False
        return False

    @property
    def department_scope(self):
        """The industry department whose records alone this user sees (管行业必须管安全), or None."""
        org = self.organisation
        if org is not None and org.kind == OrgKind.INDUSTRY:
            return org
        return None

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    def role_codes(self):
        cache = getattr(self, "_role_codes", None)
        if cache is None:
            cache = self._role_codes = set(Role.objects.filter(group__user=self).values_list("code", flat=True))
        return cache

    @property
    def requires_second_factor(self):
        return bool(self.role_codes() & set(settings.YINGJI_2FA_REQUIRED_ROLES))


class PasswordHistory(models.Model):
    """The hashes of a user's previous passwords, for the no-reuse rule."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")


class APIToken(AbstractAuthToken):
    """A named API token of a user (django-rest-knox: the secret is shown once at creation and stored only as its
    SHA-512 digest). It expires, may be revoked (the row stays, marked revoked, so the list and the audit trail keep
    it) and records when it was last used (accounts/tokens.py)."""

    # an integer key for the pages' URLs; knox's digest stays unique and is what a presented token is checked against
    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True, editable=False)
    token_key = models.CharField(_("令牌前缀"), max_length=CONSTANTS.MAXIMUM_TOKEN_PREFIX_LENGTH
                                 + CONSTANTS.TOKEN_KEY_LENGTH, db_index=True, editable=False)
    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("令牌名称"), max_length=60)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expiry = models.DateTimeField(_("有效期至"))
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(User, verbose_name=_("撤销人"), null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("API令牌")
        verbose_name_plural = _("API令牌")
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.name}（{self.token_key[:8]}…）"

    def state(self, now=None):
        """"active", "revoked", "expired" or "idle" (unused for YINGJI_API_TOKEN_IDLE_DAYS days)."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expiry <= now:
            return "expired"
        idle = settings.YINGJI_API_TOKEN_IDLE_DAYS
        if idle and (self.last_used_at or self.created) + datetime.timedelta(days=idle) <= now:
            return "idle"
        return "active"

    STATE_LABELS = {"active": _("有效"), "revoked": _("已撤销"), "expired": _("已过期"), "idle": _("长期未用已失效")}

    @property
    def state_label(self):
        return self.STATE_LABELS[self.state()]

    @property
    def is_active(self):
        return self.state() == "active"
