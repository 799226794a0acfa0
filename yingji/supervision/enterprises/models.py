from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import AuditedMixin, BusinessModel, ScopedQuerySet
from yingji.platform.core.privacy import PHONE, mask_phone, personal
from yingji.platform.core.validators import (
    latitude_validators,
    longitude_validators,
    normalize_credit_code,
    validate_credit_code,
    validate_phone,
)

from . import grading
from .choices import (
    RISK_COLOURS,
    KeyPersonRole,
    MajorHazardLevel,
    OperatingStatus,
    RiskGrade,
    Sector,
    Size,
    StandardisationGrade,
    SubSector,
)
from .validators import normalize_cas, validate_cas

# how far ahead certificates and insurance policies are listed as expiring
EXPIRY_WARNING_DAYS = 60


SUPERVISING_KINDS = ("bureau", "industry")


def supervising_departments_for(user):
    """The units `user` may name as an enterprise's 行业主管部门: the bureau and industry departments of his own
    region, the regions above it (a township officer files enterprises under the county's departments) and below it;
    an industry department's user only his own department."""
    from yingji.platform.accounts.models import Organisation
    from yingji.platform.regions.models import Region

    qs = Organisation.objects.active().filter(kind__in=SUPERVISING_KINDS).select_related("region")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    region = user.region
    if region is None:
        return qs.none()
    dept = user.department_scope
    if dept is not None:
        return qs.filter(pk=dept.pk)
    ancestors = [r.pk for r in region.ancestors()] + [region.pk]
    return qs.filter(models.Q(region__in=Region.objects.subtree(region).values("pk")) |
                     models.Q(region__in=ancestors))


class EnterpriseQuerySet(ScopedQuerySet):
    def operating(self):
        return self.filter(status=OperatingStatus.OPERATING)


class Enterprise(BusinessModel):
    """An enterprise under safety supervision and its file (一企一档)."""

    name = models.CharField(_("企业名称"), max_length=150)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True,
                                   validators=[validate_credit_code],
                                   error_messages={"unique": _("该统一社会信用代码已登记，不能重复建档")})
    address = models.CharField(_("地址"), max_length=200)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在乡镇（村）"), on_delete=models.PROTECT,
                               related_name="enterprises")
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=longitude_validators)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=latitude_validators)
    sector = models.CharField(_("行业类别"), max_length=24, choices=Sector)
    subsector = models.CharField(_("工贸细分行业"), max_length=24, choices=SubSector, blank=True)
    size = models.CharField(_("企业规模"), max_length=12, choices=Size, default=Size.SMALL)
    supervising_department = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("行业主管部门"), on_delete=models.PROTECT,
        related_name="supervised_enterprises", limit_choices_to={"kind__in": ["bureau", "industry"]},
        help_text=_("管行业必须管安全：该部门的用户只能看到其主管的企业"))
    risk_grade = models.CharField(_("风险等级"), max_length=1, choices=RiskGrade, default=RiskGrade.D)
    status = models.CharField(_("经营状态"), max_length=12, choices=OperatingStatus,
                              default=OperatingStatus.OPERATING)
    standardisation_grade = models.CharField(_("安全生产标准化等级"), max_length=8, choices=StandardisationGrade,
                                             default=StandardisationGrade.NONE)
    insurer = models.CharField(_("安责险承保机构"), max_length=100, blank=True)
    insurance_policy = models.CharField(_("安责险保单号"), max_length=60, blank=True)
    insurance_expiry = models.DateField(_("安责险到期日"), null=True, blank=True)
    principal_name = models.CharField(_("主要负责人"), max_length=60)
    principal_phone = personal(models.CharField(_("主要负责人电话"), max_length=20, blank=True,
                                                validators=[validate_phone]), PHONE)
    liaison = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("包保责任人"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="enterprises_in_charge")
    notes = models.TextField(_("备注"), blank=True)
    # 建档: the day the enterprise was taken into supervision and its file opened (一企一档), which the statistics of
    # a period count ("在册企业", "新建档"); a ledger loaded later keeps the bureau's own dates, not the day of entry
    filed_on = models.DateField(_("建档日期"), default=timezone.localdate,
                                help_text=_("纳入安全监管、建立“一企一档”的日期；补录以前的企业档案时填写实际建档日期"))

    scope_department_field = "supervising_department"
    scope_enterprise_field = "pk"  # 企业端: an enterprise account sees its own enterprise only (portal/scope.py)
    objects = EnterpriseQuerySet.as_manager()
    # the statistics parameter ?campaign= (core.stats.narrow): the enterprises the campaign covers
    stats_filters = {"campaign": "campaigns"}

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "pk"]
        indexes = [
            # of the records in use only (lists, counts and statistics ask voided_at IS NULL): a page's count of a
            # region's enterprises is read from the index alone (a county at --scale 4: 10 ms → under 1 ms)
            models.Index(fields=["region", "sector"], name="enterprise_region_sector",
                         condition=models.Q(voided_at__isnull=True)),
            models.Index(fields=["supervising_department", "region"], name="enterprise_dept_region"),
            models.Index(fields=["region", "filed_on"], name="enterprise_region_filed"),
            # the map's tiles and viewport read the enterprises in a longitude/latitude box
            models.Index(fields=["longitude", "latitude"], name="enterprise_lon_lat"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises:enterprise_detail", args=[self.pk])

    @property
    def risk_colour(self):
        return RISK_COLOURS.get(self.risk_grade, "")

    @property
    def masked_principal_phone(self):
        return mask_phone(self.principal_phone)

    @property
    def insurance_expiring(self):
        if not self.insurance_expiry:
            return False
        return (self.insurance_expiry - timezone.localdate()).days <= EXPIRY_WARNING_DAYS

    def clean(self):
        super().clean()
        if self.credit_code:
            self.credit_code = normalize_credit_code(self.credit_code)
        errors = {}
        if self.sector == Sector.INDUSTRY_TRADE and not self.subsector:
            errors["subsector"] = _("工贸企业须选择细分行业")
        if self.sector and self.sector != Sector.INDUSTRY_TRADE and self.subsector:
            errors["subsector"] = _("只有工贸企业填写细分行业")
        if (self.longitude is None) != (self.latitude is None):
            errors["latitude"] = _("经度和纬度须同时填写")
        if self.insurance_policy and not self.insurer:
            errors["insurer"] = _("填写了保单号时须填写承保机构")
        if self.filed_on and self.filed_on > timezone.localdate():
            errors["filed_on"] = _("建档日期不能晚于今天")
        if errors:
            raise ValidationError(errors)


class KeyPerson(BusinessModel):
    """主要负责人、安全管理人员、特种作业人员 of an enterprise, with the certificate each must hold."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="key_persons")
    role = models.CharField(_("人员类别"), max_length=20, choices=KeyPersonRole)
    name = models.CharField(_("姓名"), max_length=60)
    phone = personal(models.CharField(_("电话"), max_length=20, blank=True, validators=[validate_phone]), PHONE)
    certificate_kind = models.CharField(_("证书类别"), max_length=100, blank=True,
                                        help_text=_("如：安全生产知识和管理能力考核合格证、特种作业操作证（电工）"))
    certificate_no = models.CharField(_("证书编号"), max_length=60, blank=True)
    certificate_expiry = models.DateField(_("证书有效期至"), null=True, blank=True)

    scope_region_field = "enterprise__region"
    scope_department_field = "enterprise__supervising_department"
    scope_enterprise_field = "enterprise"

    class Meta:
        verbose_name = _("企业关键人员")
        verbose_name_plural = _("企业关键人员")
        ordering = ["enterprise", "role", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"

    def get_absolute_url(self):
        return self.enterprise.get_absolute_url()

    def get_detail_url(self):
        return reverse("enterprises:keyperson_detail", args=[self.pk])

    @property
    def certificate_expiring(self):
        if not self.certificate_expiry:
            return False
        return (self.certificate_expiry - timezone.localdate()).days <= EXPIRY_WARNING_DAYS

    def clean(self):
        super().clean()
        if self.role == KeyPersonRole.SPECIAL_OPERATOR and not self.certificate_no:
            raise ValidationError({"certificate_no": _("特种作业人员须持证上岗，请填写证书编号")})
        if self.certificate_no and not self.certificate_expiry:
            raise ValidationError({"certificate_expiry": _("请填写证书有效期")})


class MajorHazardSource(BusinessModel):
    """A 重大危险源 of an enterprise (GB 18218), its level and the chemicals it holds."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="major_hazard_sources")
    name = models.CharField(_("危险源名称"), max_length=120, help_text=_("如：液氨储罐区"))
    level = models.PositiveSmallIntegerField(_("等级"), choices=MajorHazardLevel)
    # before the chemicals were kept as rows (HazardChemical) they were one text; kept as a note, nothing is lost
    chemicals = models.CharField(_("危险化学品说明"), max_length=300, blank=True,
                                 help_text=_("补充说明（原“危险化学品”文字登记保留在此）；各品种及数量请在危险源页面逐项登记"))
    quantity_tonnes = models.DecimalField(_("设计最大储量（吨）"), max_digits=12, decimal_places=3)
    exposed_people = models.PositiveIntegerField(
        _("厂外可能暴露人员数量（人）"), null=True, blank=True,
        help_text=_("厂区边界向外扩展 500 米范围内常住人口数量，用于确定校正系数 α（GB 18218-2018 表5）"))
    record_no = models.CharField(_("备案编号"), max_length=60, blank=True)
    recorded_on = models.DateField(_("备案日期"), null=True, blank=True)

    scope_region_field = "enterprise__region"
    scope_department_field = "enterprise__supervising_department"
    scope_enterprise_field = "enterprise"

    class Meta:
        verbose_name = _("重大危险源")
        verbose_name_plural = _("重大危险源")
        ordering = ["enterprise", "level", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_level_display()}）"

    def get_absolute_url(self):
        # the source's own page: its chemicals are entered there
        return self.get_detail_url()

    def get_detail_url(self):
        return reverse("enterprises:majorhazardsource_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.quantity_tonnes is not None and self.quantity_tonnes <= 0:
            raise ValidationError({"quantity_tonnes": _("储量应大于 0")})

    # --- 辨识与分级 (GB 18218-2018), from the chemicals not voided -------------------------------------------------
    def active_chemicals(self):
        """The chemical rows not voided (from the prefetch when the list prefetched them)."""
        return [c for c in self.chemical_items.all() if c.voided_at is None]

    @property
    def quantity_ratio(self):
        """Σ q/Q, or None without chemicals."""
        return grading.ratio_sum((c.max_quantity, c.critical_quantity) for c in self.active_chemicals())

    @property
    def is_major(self):
        """构成重大危险源 (Σ q/Q ≥ 1); None when unknown."""
        ratio = self.quantity_ratio
        return None if ratio is None else ratio >= 1

    @property
    def alpha(self):
        return grading.alpha_for(self.exposed_people)

    @property
    def r_value(self):
        """R = α Σ β q/Q, or None unless α and the β of every chemical are known."""
        return grading.r_value(self.alpha, ((c.max_quantity, c.critical_quantity, c.beta)
                                            for c in self.active_chemicals()))

    @property
    def computed_level(self):
        return grading.level_for(self.r_value)

    @property
    def computed_level_display(self):
        level = self.computed_level
        return MajorHazardLevel(level).label if level else ""

    @property
    def level_mismatch(self):
        """The level entered (from the 辨识 report) differs from the one R implies: a warning, not an error."""
        level = self.computed_level
        return level is not None and self.level is not None and level != self.level

    def grading_warnings(self):
        """Chinese warnings on the entered level against the computation (empty when they agree)."""
        warnings = []
        ratio = self.quantity_ratio
        if ratio is not None and ratio < 1:
            warnings.append(_("按登记的危险化学品计算 Σq/Q = %(s)s < 1，依 GB 18218-2018 不构成重大危险源，"
                              "请核对数量或辨识报告") % {"s": f"{ratio:.2f}"})
        if self.level_mismatch:
            warnings.append(_("登记等级为%(entered)s，按 R = %(r)s 计算应为%(computed)s，请以辨识评估报告为准核对")
                            % {"entered": self.get_level_display(), "r": f"{self.r_value:.2f}",
                               "computed": self.computed_level_display})
        return warnings


class CriticalQuantityQuerySet(models.QuerySet):
    def current(self, on=None):
        """The rows in force on `on` (default today): valid_from ≤ on, not yet repealed."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))


class CriticalQuantity(AuditedMixin, models.Model):
    """A named chemical of GB 18218-2018 表1 and its critical quantity Q: reference data, seeded by a data
    migration and kept by administrators (a revised standard is new rows with their own valid_from)."""

    name = models.CharField(_("品名"), max_length=100)
    aliases = models.CharField(_("别名"), max_length=200, blank=True, help_text=_("多个用顿号分隔，如：液氨"))
    cas_no = models.CharField(_("CAS 号"), max_length=12, blank=True, validators=[validate_cas])
    critical_quantity = models.DecimalField(_("临界量（吨）"), max_digits=12, decimal_places=3,
                                            validators=[MinValueValidator(Decimal("0.001"), _("临界量应大于 0"))])
    beta = models.DecimalField(_("校正系数 β"), max_digits=5, decimal_places=2, null=True, blank=True,
                               validators=[MinValueValidator(Decimal("0.01"), _("校正系数应大于 0"))],
                               help_text=_("GB 18218-2018 表3 列出的毒性气体的校正系数；其他品种按表4 在明细中填写"))
    standard = models.CharField(_("依据"), max_length=60, default="GB 18218-2018 表1")
    valid_from = models.DateField(_("施行日期"))
    valid_to = models.DateField(_("废止日期"), null=True, blank=True)

    objects = CriticalQuantityQuerySet.as_manager()

    class Meta:
        verbose_name = _("危险化学品临界量")
        verbose_name_plural = _("危险化学品临界量")
        ordering = ["name", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["name", "valid_from"], name="critical_quantity_unique")]

    def __str__(self):
        return f"{self.name}（{self.critical_quantity.normalize():f} t）"

    def clean(self):
        super().clean()
        self.cas_no = normalize_cas(self.cas_no)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("废止日期不能早于施行日期")})


class HazardChemical(BusinessModel):
    """One hazardous chemical of a major hazard source: its maximum quantity q and critical quantity Q (t)."""

    source = models.ForeignKey(MajorHazardSource, verbose_name=_("重大危险源"), on_delete=models.PROTECT,
                               related_name="chemical_items")
    reference = models.ForeignKey(
        CriticalQuantity, verbose_name=_("表1 品名"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        help_text=_("列入 GB 18218-2018 表1 的，选择后自动采用其临界量；未列入的留空并按危险性类别（表2）填写临界量"))
    name = models.CharField(_("危险化学品名称"), max_length=100, blank=True,
                            help_text=_("选择了表1 品名时可不填"))
    cas_no = models.CharField(_("CAS 号"), max_length=12, blank=True, validators=[validate_cas],
                              help_text=_("如 7664-41-7，系统会核对校验位"))
    hazard_category = models.CharField(_("危险性类别"), max_length=60, blank=True,
                                       help_text=_("未列入表1 的填写，如：易燃液体 W5.3"))
    max_quantity = models.DecimalField(_("最大存在量 q（吨）"), max_digits=12, decimal_places=3,
                                       help_text=_("设计最大量"))
    critical_quantity = models.DecimalField(_("临界量 Q（吨）"), max_digits=12, decimal_places=3, null=True,
                                            blank=True)
    beta = models.DecimalField(_("校正系数 β"), max_digits=5, decimal_places=2, null=True, blank=True,
                               help_text=_("可选；填写了全部品种的 β 和厂外暴露人数时计算分级指标 R"))

    scope_region_field = "source__enterprise__region"
    audit_parent = "source"  # its changes show in the major hazard source's 变更记录
    scope_department_field = "source__enterprise__supervising_department"
    scope_enterprise_field = "source__enterprise"

    class Meta:
        verbose_name = _("重大危险源危险化学品")
        verbose_name_plural = _("重大危险源危险化学品")
        ordering = ["source", "pk"]

    def __str__(self):
        return self.name or (self.reference.name if self.reference_id else "")

    def get_absolute_url(self):
        return self.source.get_absolute_url()

    def get_detail_url(self):
        return reverse("enterprises:hazardchemical_detail", args=[self.pk])

    @property
    def ratio(self):
        if not self.critical_quantity or self.max_quantity is None:
            return None
        return self.max_quantity / self.critical_quantity

    def clean(self):
        super().clean()
        errors = {}
        self.cas_no = normalize_cas(self.cas_no)
        self.name = (self.name or "").strip()
        if self.reference_id is None and self.cas_no:
            # a chemical of 表1 entered by its CAS number takes the table's critical quantity, too
            self.reference = CriticalQuantity.objects.current().filter(cas_no=self.cas_no).first()
        ref = self.reference if self.reference_id else None
        if ref is not None:
            self.name = self.name or ref.name
            self.cas_no = self.cas_no or ref.cas_no
            self.critical_quantity = ref.critical_quantity
            if self.beta is None and ref.beta is not None:
                self.beta = ref.beta
        if not self.name:
            errors["name"] = _("请填写危险化学品名称，或选择表1 品名")
        if self.max_quantity is not None and self.max_quantity <= 0:
            errors["max_quantity"] = _("最大存在量应大于 0")
        if ref is None:
            if self.critical_quantity is None:
                errors["critical_quantity"] = _("未列入表1 的危险化学品须按其危险性类别（GB 18218-2018 表2）填写临界量")
            elif self.critical_quantity <= 0:
                errors["critical_quantity"] = _("临界量应大于 0")
        if self.beta is not None and self.beta <= 0:
            errors["beta"] = _("校正系数 β 应大于 0")
        if errors:
            raise ValidationError(errors)
