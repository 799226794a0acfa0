"""Relief funds and goods received (救灾款物) and what was paid out of them (救助发放).

A payment never takes a fund below zero: the balance is checked again inside the saving transaction with the fund row
locked (select_for_update), so two officers paying out of the same batch at once cannot overdraw it.
Recipients' ID numbers and phones are personal data: masked in lists, exports and the API unless the user has
accounts.view_personal_data.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel
from yingji.platform.core.privacy import ID_NUMBER, PHONE, personal
from yingji.platform.core.validators import normalize_id_number, validate_id_number, validate_phone

from .choices import FundKind, FundLevel, RecipientKind, ReliefCategory

ZERO = Decimal("0")


def _positive(label):
    return [MinValueValidator(0, message=_("%(label)s不能为负数") % {"label": label})]


def ancestor_codes(code):
    """The 12-digit codes of a region and of every region above it."""
    return sorted({code[:n].ljust(12, "0") for n in (2, 4, 6, 9, 12)})


class ReliefFund(BusinessModel):
    """One batch of relief funds or goods received by the county (or a township)."""

    name = models.CharField(_("批次名称"), max_length=120, help_text=_("如“2024年中央自然灾害救灾资金（第二批）”"))
    document_no = models.CharField(_("下达文号"), max_length=80, blank=True)
    level = models.CharField(_("资金级别"), max_length=10, choices=FundLevel)
    kind = models.CharField(_("类别"), max_length=8, choices=FundKind, default=FundKind.MONEY)
    category = models.CharField(_("用途"), max_length=16, choices=ReliefCategory)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, default=ZERO,
                                 validators=_positive(_("金额")))
    goods_name = models.CharField(_("物资名称"), max_length=60, blank=True, help_text=_("如棉被、大衣"))
    goods_quantity = models.DecimalField(_("物资数量"), max_digits=12, decimal_places=2, default=ZERO,
                                         validators=_positive(_("物资数量")))
    goods_unit = models.CharField(_("计量单位"), max_length=10, blank=True, help_text=_("如床、件、箱"))
    received_on = models.DateField(_("到账（到货）日期"))
    region = models.ForeignKey("regions.Region", verbose_name=_("接收区划"), on_delete=models.PROTECT,
                               related_name="relief_funds")
    event = models.ForeignKey("losses.DisasterEvent", verbose_name=_("灾害事件"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="relief_funds")
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("救灾款物")
        verbose_name_plural = _("救灾款物")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("relief:relieffund_detail", args=[self.pk])

    @classmethod
    def region_scope_q(cls, user):
        """A fund is in scope when its region is, or when it was received above the user's region (a township
        officer pays out of the county's batches)."""
        q = super().region_scope_q(user)
        if q is None:
            return None
        return q | models.Q(region__code__in=ancestor_codes(user.region.code))

    @property
    def is_goods(self):
        return self.kind == FundKind.GOODS

    @property
    def total(self):
        return self.goods_quantity if self.is_goods else self.amount

    def paid(self, exclude=None):
        """The amount (or goods quantity) paid out in active payments. A ledger import reads it once for each batch of
        its file (`_known_paid`), so that its rows cost no query each."""
        known = getattr(self, "_known_paid", None)
        if known is not None and exclude is None:
            return known
        qs = self.payments.filter(voided_at__isnull=True)
        if exclude is not None:
            qs = qs.exclude(pk=exclude)
        field = "goods_quantity" if self.is_goods else "amount"
        return qs.aggregate(s=Sum(field))["s"] or ZERO

    def balance(self):
        return self.total - self.paid()

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == FundKind.MONEY and not self.amount:
            errors["amount"] = _("资金批次须填写金额")
        if self.kind == FundKind.GOODS:
            if not self.goods_quantity:
                errors["goods_quantity"] = _("物资批次须填写数量")
            if not self.goods_name or not self.goods_unit:
                errors["goods_name"] = _("物资批次须填写物资名称和计量单位")
        if self.pk and not errors:
            paid = self.paid()
            if self.total < paid:
                field = "goods_quantity" if self.is_goods else "amount"
                errors[field] = _("已发放%(paid)s，批次总量不能少于已发放数") % {"paid": paid}
        if errors:
            raise ValidationError(errors)


class ReliefPayment(BusinessModel):
    """Relief paid (or goods given) to one household or person out of one fund."""

    fund = models.ForeignKey(ReliefFund, verbose_name=_("款物批次"), on_delete=models.PROTECT, related_name="payments")
    recipient_kind = models.CharField(_("救助对象类型"), max_length=10, choices=RecipientKind,
                                      default=RecipientKind.HOUSEHOLD)
    recipient_name = models.CharField(_("救助对象（户主）"), max_length=60)
    id_number = personal(models.CharField(_("身份证号"), max_length=18, validators=[validate_id_number]), ID_NUMBER)
    phone = personal(models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone]), PHONE)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在村（社区）或乡镇"), on_delete=models.PROTECT,
                               related_name="relief_payments")
    category = models.CharField(_("救助类别"), max_length=16, choices=ReliefCategory)
    person_times = models.PositiveIntegerField(_("救助人次"), default=1, validators=[
        MinValueValidator(1, message=_("救助人次至少为1"))])
    amount = models.DecimalField(_("发放金额（元）"), max_digits=12, decimal_places=2, default=ZERO,
                                 validators=_positive(_("发放金额")))
    goods_quantity = models.DecimalField(_("发放物资数量"), max_digits=12, decimal_places=2, default=ZERO,
                                         validators=_positive(_("发放物资数量")))
    paid_on = models.DateField(_("发放日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("救助发放")
        verbose_name_plural = _("救助发放")
        ordering = ["-paid_on", "-id"]
        indexes = [models.Index(fields=["paid_on", "category"], name="reliefpayment_paid_category")]

    def __str__(self):
        return f"{self.recipient_name}·{self.get_category_display()}·{self.paid_on}"

    def get_absolute_url(self):
        return reverse("relief:reliefpayment_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.id_number = normalize_id_number(self.id_number)
        errors = {}
        if self.region_id and self.region.level < 4:
            errors["region"] = _("救助对象应登记到村（社区）或乡镇")
        if self.fund_id:
            fund = self.fund
            if fund.is_voided and self._state.adding:
                errors["fund"] = _("该批款物已作废，不能再登记发放")
            if fund.is_goods and not self.goods_quantity:
                errors["goods_quantity"] = _("物资批次须填写发放数量")
            if not fund.is_goods and not self.amount:
                errors["amount"] = _("资金批次须填写发放金额")
            if self.paid_on and fund.received_on and self.paid_on < fund.received_on:
                errors["paid_on"] = _("发放日期不能早于该批款物的到账日期")
            if self.region_id and not self.region.is_within(fund.region):
                errors["region"] = _("救助对象不在该批款物的接收区划内")
        if errors:
            raise ValidationError(errors)
        if self.fund_id:
            self.check_balance(self.fund, pending=getattr(self, "_pending_in_batch", ZERO))

    def check_balance(self, fund, pending=ZERO):
        """`pending`: what other, not yet saved rows (of an import) take from the same fund."""
        if self.voided_at is not None:
            return
        field, unit = ("goods_quantity", fund.goods_unit) if fund.is_goods else ("amount", "元")
        remaining = fund.total - fund.paid(exclude=self.pk) - pending
        wanted = getattr(self, field) or ZERO
        if wanted > remaining:
            raise ValidationError({field: _("超出该批款物的结余：“%(fund)s”尚余%(left)s%(unit)s，本次发放%(want)s%(unit)s，"
                                            "未保存") % {"fund": fund.name, "left": remaining, "want": wanted,
                                                       "unit": unit}})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            fund = ReliefFund.objects.select_for_update().get(pk=self.fund_id)
            self.check_balance(fund)
            super().save(*args, **kwargs)


class HousingInsurancePolicy(BusinessModel):
    """民房保险: the year's policy insuring rural houses of a county (or township), premium paid by government."""

    year = models.PositiveSmallIntegerField(_("保险年度"))
    region = models.ForeignKey("regions.Region", verbose_name=_("投保区划"), on_delete=models.PROTECT,
                               related_name="housing_policies")
    insurer = models.CharField(_("承保公司"), max_length=100)
    policy_no = models.CharField(_("保单号"), max_length=60, blank=True)
    premium = models.DecimalField(_("保费（元）"), max_digits=14, decimal_places=2, validators=_positive(_("保费")))
    insured_households = models.PositiveIntegerField(_("参保户数"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("民房保险保单")
        verbose_name_plural = _("民房保险保单")
        ordering = ["-year", "region__code"]

    def __str__(self):
        return f"{self.year}年{self.region.name if self.region_id else ''}农村住房保险（{self.insurer}）"

    def get_absolute_url(self):
        return reverse("relief:housinginsurancepolicy_detail", args=[self.pk])

    @classmethod
    def region_scope_q(cls, user):
        """Like a fund: a township sees the county's policy, under which its households claim."""
        q = super().region_scope_q(user)
        if q is None:
            return None
        return q | models.Q(region__code__in=ancestor_codes(user.region.code))

    def clean(self):
        super().clean()
        if self.year and self.region_id:
            same = HousingInsurancePolicy.objects.filter(year=self.year, region_id=self.region_id,
                                                         voided_at__isnull=True).exclude(pk=self.pk)
            if same.exists():
                raise ValidationError({"year": _("该区划本年度已有民房保险保单")})


class HousingInsuranceClaim(BusinessModel):
    """A claim paid under the policy to a household whose house a disaster damaged."""

    policy = models.ForeignKey(HousingInsurancePolicy, verbose_name=_("保单"), on_delete=models.PROTECT,
                               related_name="claims")
    household_name = models.CharField(_("户主"), max_length=60)
    id_number = personal(models.CharField(_("身份证号"), max_length=18, validators=[validate_id_number]), ID_NUMBER)
    phone = personal(models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone]), PHONE)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在村（社区）或乡镇"), on_delete=models.PROTECT,
                               related_name="housing_claims")
    event = models.ForeignKey("losses.DisasterEvent", verbose_name=_("灾害事件"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="housing_claims")
    amount = models.DecimalField(_("赔款（元）"), max_digits=12, decimal_places=2, validators=_positive(_("赔款")))
    paid_on = models.DateField(_("赔付日期"))

    class Meta:
        verbose_name = _("民房保险理赔")
        verbose_name_plural = _("民房保险理赔")
        ordering = ["-paid_on", "-id"]

    def __str__(self):
        return f"{self.household_name}·{self.paid_on}"

    def get_absolute_url(self):
        return reverse("relief:housinginsuranceclaim_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.id_number = normalize_id_number(self.id_number)
        errors = {}
        if self.policy_id and self.region_id and not self.region.is_within(self.policy.region):
            errors["region"] = _("该户不在保单的投保区划内")
        if self.region_id and self.region.level < 4:
            errors["region"] = _("理赔对象应登记到村（社区）或乡镇")
        if self.policy_id and self.paid_on and self.paid_on.year not in (self.policy.year, self.policy.year + 1):
            errors["paid_on"] = _("赔付日期应在保险年度内或次年")
        if errors:
            raise ValidationError(errors)
