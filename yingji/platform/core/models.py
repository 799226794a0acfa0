"""Base model and queryset of every business record.

`BusinessModel.objects.restrict(user, action)` is the single scope choke point: it checks the Django model
permission for `action` and filters to the user's region subtree (and, for an industry department's user, to the
records his department is responsible for). Generic views, API viewsets, form choices, exports and reports call it.
"""

from django.conf import settings
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACTIONS = ("view", "add", "change", "approve")

#: sent (sender = the model) after rows changed without a post_save per row: a QuerySet.update() of a scoped model
#: and the bulk insert of an import (audit.recorder.record_bulk_create). Caches of derived data (the map's tiles)
#: listen to it beside post_save/post_delete.
rows_changed = Signal()


class RecordDeletionForbidden(Exception):
    """Business records are voided, never deleted."""


def perm_name(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """Records `user` may `action`: none without the permission, else his region subtree (and department)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if not user.has_perm(perm_name(self.model, action)):
            return self.none()
        if user.is_superuser:
            return self
        q = self.model.scope_q(user)
        return self.none() if q is None else self.filter(q)

    def active(self):
        return self.filter(voided_at__isnull=True) if hasattr(self.model, "voided_at") else self

    def voided(self):
        return self.filter(voided_at__isnull=False)

    def delete(self):
        raise RecordDeletionForbidden(_("业务记录不可删除，请使用“作废”。"))

    def update(self, **kwargs):
        """An UPDATE on audited rows writes one change-log row per changed record (and moves the rows' counts in
        the statistics rollups they are counted in, core.rollups, in the same transaction)."""
        from yingji.platform.audit.recorder import record_bulk_update

        from . import rollups

        with rollups.updating(self, kwargs):
            count = record_bulk_update(self, kwargs, super().update)
        if count:
            rows_changed.send(sender=self.model)
        return count

    update.queryset_only = True


_MISSING = object()


class AuditedMixin(models.Model):
    """Models whose every create/change lands in the audit trail (see platform/audit)."""

    audit_exclude_fields = ("updated_at",)
    # a child row (a checklist's item, a plan's frequency) names the foreign key to the record it belongs to: its
    # audit rows then carry that record's region (so the region's auditor sees them) and show in that record's
    # change history; a model with a region of its own (ScopedMixin) carries its own
    audit_parent = None

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        if fetch_mode is None:
            instance = super().from_db(db, field_names, values)
        else:
            instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        if len(field_names) == len(cls._meta.concrete_fields):
            # keep the loaded values; the before-image is built from them only if the record is saved
            # (lists load many rows and save none, so an eager snapshot cost every read)
            instance.__dict__["_audit_loaded"] = values
        return instance

    @property
    def _audit_snapshot(self):
        """The record's field values as loaded from the database (JSON-able), or None for a new record."""
        cached = self.__dict__.get("_audit_snapshot_cache", _MISSING)
        if cached is _MISSING:
            values = self.__dict__.get("_audit_loaded")
            if values is None:
                return None
            from yingji.platform.audit.recorder import snapshot_of_values

            cached = self.__dict__["_audit_snapshot_cache"] = snapshot_of_values(type(self), values)
        return cached

    @_audit_snapshot.setter
    def _audit_snapshot(self, value):
        self.__dict__["_audit_snapshot_cache"] = value
        self.__dict__.pop("_audit_loaded", None)


# Further scope dimensions that modules add (e.g. an enterprise's own account sees only its enterprise):
# callables (user, model) -> a Q to AND with the region scope, None (no restriction) or False (no access at all).
_scope_dimensions = []


def register_scope_dimension(fn):
    """Add a scope dimension (see _scope_dimensions); used as a decorator by the module that owns it."""
    if fn not in _scope_dimensions:
        _scope_dimensions.append(fn)
    return fn


# Tests that say a user is outside the bureau (e.g. an enterprise's own account): such users do not see the
# bureau's internal records about a record they may view, such as its change history (变更记录).
_external_user_tests = []


def register_external_user_test(fn):
    """Add a test (user) -> bool; used as a decorator by the module that owns a kind of outside account."""
    if fn not in _external_user_tests:
        _external_user_tests.append(fn)
    return fn


def is_external_user(user):
    return any(test(user) for test in _external_user_tests)


class ScopedMixin:
    """Region (and department) scope of a model: see ScopedQuerySet.restrict()."""

    # the path to the record's Region; "" means the model is itself a Region
    scope_region_field = "region"
    # the path to the Organisation (industry department) responsible for the record, or None
    scope_department_field = None

    @classmethod
    def scope_q(cls, user):
        """The Q object of the records in `user`'s scope, or None when he has no scope: the region scope of the
        model (region_scope_q, which a model may widen or narrow) AND every registered scope dimension. Models
        override region_scope_q, never this, so no model can escape a dimension (e.g. the 企业端 one)."""
        q = cls.region_scope_q(user)
        if q is None:
            return None
        for dimension in _scope_dimensions:
            extra = dimension(user, cls)
            if extra is False:
                return None
            if extra is not None:
                q &= extra
        return q

    @classmethod
    def region_scope_q(cls, user):
        """The region subtree of the user (and his industry department where the model names one), or None."""
        from yingji.platform.regions.models import Region

        region = user.region
        if region is None:
            return None
        ids = Region.objects.subtree(region).values("pk")
        q = models.Q(**{f"{cls.scope_region_field}__in": ids})
        dept = user.department_scope
        if dept is not None and cls.scope_department_field:
            q &= models.Q(**{cls.scope_department_field: dept})
        return q

    def scope_region(self):
        """The record's Region, following a path such as "enterprise__region" through related records."""
        if not self.scope_region_field:
            return None
        obj = self
        for part in self.scope_region_field.split("__"):
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj


class BusinessModel(ScopedMixin, AuditedMixin):
    """A record the bureau keeps: region-scoped, audited, voided instead of deleted."""

    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("作废人"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )
    void_reason = models.CharField(_("作废原因"), max_length=500, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_voided(self):
        return self.voided_at is not None

    def void_refusal(self):
        """Why this record may not be voided now (a message), or None. A domain overrides it where its rules keep
        a record (a closed enforcement case is the file the bureau keeps); the void service refuses with the
        message, whatever the path (page, API), and the record's page hides 作废."""
        return None

    def delete(self, *args, **kwargs):
        raise RecordDeletionForbidden(_("业务记录不可删除，请使用“作废”。"))

    def save(self, *args, **kwargs):
        """Saved, and the record's counts in the statistics rollups (core.rollups) moved in the same transaction,
        when a rollup counts it or reads one of its fields; other models save as they are."""
        from . import rollups

        if not rollups.watches(type(self)):
            return super().save(*args, **kwargs)
        with rollups.saving(self):
            return super().save(*args, **kwargs)


def in_scope(obj, user, action="view"):
    """True if `obj` (saved) is among the records `user` may `action`."""
    return type(obj).objects.restrict(user, action).filter(pk=obj.pk).exists()


class ImportJob(models.Model):
    """One upload of a ledger through the import framework (platform/core/imports.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("校验/导入中")
        DONE = "done", _("导入成功")
        REJECTED = "rejected", _("有错误，未导入")
        FAILED = "failed", _("系统错误")

    spec = models.CharField(_("导入类型"), max_length=60)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=255)
    status = models.CharField(_("状态"), max_length=12, choices=Status, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_rows = models.PositiveIntegerField(_("导入行数"), default=0)
    skipped_rows = models.PositiveIntegerField(_("已导入过的行数"), default=0,
                                               help_text=_("以前已导入、本次跳过的行（历史台账重复导入时）"))
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    seconds = models.FloatField(_("耗时(秒)"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self):
        if not self.total_rows:
            return 0 if self.status in (self.Status.PENDING, self.Status.RUNNING) else 100
        return min(100, round(self.processed_rows * 100 / self.total_rows))

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.REJECTED, self.Status.FAILED)


class ExportJob(models.Model):
    """A list page's export too large for one request (docs/exports.md): written by the task worker, with its
    progress, downloadable by the user who asked for it only, removed when it expires."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("导出中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")
        EXPIRED = "expired", _("已过期")

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (.xlsx)"
        CSV = "csv", _("CSV（UTF-8）")
        CSV_GB = "csv-gb18030", _("CSV（GB18030）")

    path = models.CharField(_("列表地址"), max_length=500)
    query = models.TextField(_("筛选条件"), blank=True)
    filters = models.JSONField(_("筛选"), default=dict, blank=True)
    model = models.CharField(_("数据类型"), max_length=100)
    title = models.CharField(_("台账"), max_length=200)
    format = models.CharField(_("格式"), max_length=12, choices=Format, default=Format.XLSX)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    written_rows = models.PositiveIntegerField(_("已写行数"), default=0)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    file = models.CharField(_("文件"), max_length=300, blank=True)
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导出人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, round(self.written_rows * 100 / self.total_rows))

    @property
    def finished(self):
        return self.status not in (self.Status.PENDING, self.Status.RUNNING)


class NotificationRead(models.Model):
    """A notice (core/notifications.py) this user has marked read: per user and per notice key. Personal state, not
    a record of the bureau's work: not audited, never shown to anyone else."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(_("通知"), max_length=200)
    read_at = models.DateTimeField(_("已读时间"), default=timezone.now)

    class Meta:
        verbose_name = _("通知已读标记")
        verbose_name_plural = _("通知已读标记")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notificationread_unique_user_key")]

    def __str__(self):
        return f"{self.user_id} {self.key}"


class ListPreference(models.Model):
    """The columns a user shows on one list page (core/ledgers.py, the 列 chooser): per user and per list (the
    list's URL name, "enterprises:enterprise_list"). Personal state, not a record of the bureau's work: not
    audited, never shown to anyone else."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="+")
    list_name = models.CharField(_("列表"), max_length=100)
    hidden_columns = models.JSONField(_("隐藏的列"), default=list, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("列表显示设置")
        verbose_name_plural = _("列表显示设置")
        constraints = [models.UniqueConstraint(fields=["user", "list_name"], name="listpreference_unique_user_list")]

    def __str__(self):
        return f"{self.user_id} {self.list_name}"


class SavedFilter(models.Model):
    """A filter a user named on one list page (its query string), offered again in the list's 已存筛选 menu.
    Personal state: not audited, never shown to anyone else; the list applies it through the user's own scope."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="+")
    list_name = models.CharField(_("列表"), max_length=100)
    name = models.CharField(_("名称"), max_length=40)
    query = models.CharField(_("筛选条件"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("保存时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已存筛选")
        verbose_name_plural = _("已存筛选")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "list_name", "name"],
                                               name="savedfilter_unique_user_list_name")]

    def __str__(self):
        return self.name


class RollupCount(models.Model):
    """One cell of a statistics rollup (core.rollups): how many records of the rollup `rollup` whose region code
    starts with `region_code` and whose date falls in `month` have `value` in `dimension` ("" for all of them) and
    meet `measure` (or the sum of an amount of theirs in its smallest unit, or, with a `member`, how many of them
    belong to that member: read as a distinct count). Kept by the write paths in the transaction of the change; `yingji rollups --rebuild` recomputes
    it from the records."""

    rollup = models.CharField(_("汇总"), max_length=40)
    region_code = models.CharField(_("区划代码前缀"), max_length=15)
    month = models.DateField(_("月份"))
    dimension = models.CharField(_("维度"), max_length=40, blank=True)
    value = models.CharField(_("取值"), max_length=80, blank=True)
    measure = models.CharField(_("指标"), max_length=40)
    # a distinct count's member (an enterprise's id: "distinct enterprises inspected"), "" for counts and sums
    member = models.CharField(_("计数对象"), max_length=40, blank=True, default="")
    n = models.BigIntegerField(_("数量"), default=0)

    class Meta:
        verbose_name = _("统计汇总")
        verbose_name_plural = _("统计汇总")
        constraints = [models.UniqueConstraint(fields=["rollup", "region_code", "month", "dimension", "value",
                                                       "measure", "member"], name="rollupcount_unique_cell")]

    def __str__(self):
        return f"{self.rollup} {self.region_code} {self.month:%Y-%m} {self.dimension}={self.value} {self.measure}"


class RollupCheck(models.Model):
    """One nightly audit of the statistics rollups (core/sweeps.py rollups_check): every rollup and its layers
    recounted from the records in one snapshot and compared; a differing rollup is rebuilt and its differences kept
    here. The day is unique: the row is the sweep's claim, so two sweepers never check a day twice."""

    day = models.DateField(_("核对日期"), unique=True)
    checked_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    cells = models.PositiveIntegerField(_("核对单元数"), default=0)
    # [{"rollup", "region_code", "month", "dimension", "value", "measure", "member", "stored", "recount"}], at most
    # MAX_KEPT of them; `differing` is the full count
    differences = models.JSONField(_("不一致单元"), default=list)
    differing = models.PositiveIntegerField(_("不一致单元数"), default=0)
    rebuilt = models.JSONField(_("已重建的汇总"), default=list)

    MAX_KEPT = 1000

    class Meta:
        verbose_name = _("统计汇总核对")
        verbose_name_plural = _("统计汇总核对")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day} {self.differing}"
