from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import AuditedMixin, BusinessModel, ScopedQuerySet

from . import codes
from .choices import Level


class RegionQuerySet(ScopedQuerySet):
    def subtree(self, region):
        """The region and everything under it: one range scan on the unique code index."""
        lo, hi = codes.subtree_bounds(region.code, region.level)
        return self.filter(code__gte=lo, code__lte=hi)

    def current(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))


class Region(BusinessModel):
    """An administrative division (行政区划) identified by its 12-digit 统计用区划代码, or a 网格 below a village
    (level GRID, a 15-digit code: the village's code and a 3-digit grid number; docs/regions.md)."""

    code = models.CharField(_("区划代码"), max_length=15, unique=True,
                            help_text=_("12 位统计用区划代码；省 2 位、市 4 位、县 6 位、乡 9 位、村 12 位有效；"
                                        "网格为村代码加 3 位网格序号，共 15 位"))
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level)
    parent = models.ForeignKey("self", verbose_name=_("上级区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    valid_from = models.DateField(_("启用日期"), null=True, blank=True)
    valid_to = models.DateField(_("停用日期"), null=True, blank=True,
                                help_text=_("区划调整后旧代码填写停用日期并指定承继区划，不改写历史"))
    successor = models.ForeignKey("self", verbose_name=_("承继区划"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="predecessors")

    scope_region_field = ""
    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        permissions = [("approve_region", _("审核行政区划"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:region_detail", args=[self.pk])

    @property
    def prefix(self):
        return codes.prefix(self.code, self.level)

    @classmethod
    def region_scope_q(cls, user):
        if user.region is None:
            return None
        lo, hi = codes.subtree_bounds(user.region.code, user.region.level)
        return models.Q(code__gte=lo, code__lte=hi)

    def scope_region(self):
        return self

    def clean(self):
        super().clean()
        if self.code:
            try:
                self.code = codes.normalize(self.code)
            except ValidationError as e:
                raise ValidationError({"code": e.messages})
            codes.validate(self.code, self.level, self.parent)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("停用日期不能早于启用日期")})

    def ancestors(self):
        """Ancestors from the province down, by code prefixes: one query."""
        from .choices import PREFIX_LENGTH

        prefixes = [self.code[:n].ljust(12, "0") for lvl, n in PREFIX_LENGTH.items() if lvl < self.level]
        return Region.objects.filter(code__in=prefixes).order_by("level")

    def is_within(self, other):
        """True when self is `other` or below it."""
        return self.code.startswith(other.prefix) and self.level >= other.level


class RegionBoundary(AuditedMixin, models.Model):
    """The outline of a region (GeoJSON Polygon or MultiPolygon, lon/lat in degrees), imported from a GeoJSON file
    (platform/regions/boundaries.py) and drawn on the map. Its own table, so a region's row and its change history
    stay small; the change history records the outline's digest and extent, not every vertex."""

    region = models.OneToOneField(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT,
                                  related_name="boundary")
    geometry = models.JSONField(_("边界（GeoJSON）"))
    digest = models.CharField(_("边界摘要"), max_length=64, help_text=_("边界坐标的 SHA-256，用于识别改动"))
    vertices = models.PositiveIntegerField(_("顶点数"), default=0)
    min_lon = models.FloatField(_("最小经度"))
    min_lat = models.FloatField(_("最小纬度"))
    max_lon = models.FloatField(_("最大经度"))
    max_lat = models.FloatField(_("最大纬度"))
    label_lon = models.FloatField(_("标注点经度"))
    label_lat = models.FloatField(_("标注点纬度"))
    source = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("导入的文件名或生成方式"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    audit_parent = "region"
    audit_exclude_fields = ("updated_at", "geometry")

    class Meta:
        verbose_name = _("行政区划边界")
        verbose_name_plural = _("行政区划边界")
        indexes = [models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="boundary_bbox")]

    def __str__(self):
        return str(self.region)
