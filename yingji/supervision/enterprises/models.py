from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel, ScopedQuerySet
from yingji.platform.core.privacy import mask_phone

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
from .validators import normalize_credit_code, validate_credit_code

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
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
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
    principal_phone = models.CharField(_("主要负责人电话"), max_length=20, blank=True)
    liaison = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("包保责任人"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="enterprises_in_charge")
    notes = models.TextField(_("备注"), blank=True)

    scope_department_field = "supervising_department"
    scope_enterprise_field = "pk"  # 企业端: an enterprise account sees its own enterprise only (portal/scope.py)
    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["region", "sector"], name="enterprise_region_sector"),
            models.Index(fields=["supervising_department", "region"], name="enterprise_dept_region"),
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
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("经度应在 -180 至 180 之间")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("纬度应在 -90 至 90 之间")
        if self.insurance_policy and not self.insurer:
            errors["insurer"] = _("填写了保单号时须填写承保机构")
        if errors:
            raise ValidationError(errors)


class KeyPerson(BusinessModel):
    """主要负责人、安全管理人员、特种作业人员 of an enterprise, with the certificate each must hold."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="key_persons")
    role = models.CharField(_("人员类别"), max_length=20, choices=KeyPersonRole)
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("电话"), max_length=20, blank=True)
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
    chemicals = models.CharField(_("危险化学品"), max_length=300, help_text=_("主要危险化学品名称，多个用顿号分隔"))
    quantity_tonnes = models.DecimalField(_("设计最大储量（吨）"), max_digits=12, decimal_places=3)
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
        return self.enterprise.get_absolute_url()

    def get_detail_url(self):
        return reverse("enterprises:majorhazardsource_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.quantity_tonnes is not None and self.quantity_tonnes <= 0:
            raise ValidationError({"quantity_tonnes": _("储量应大于 0")})
