"""救助发放台账 import: one row per payment, all rows or none; the file together may not overdraw any batch."""

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports
from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.regions.models import Region

from .choices import RecipientKind, ReliefCategory
from .models import ZERO, ReliefFund, ReliefPayment

LABELS = {"recipient_kind": {str(label): value for value, label in RecipientKind.choices},
          "category": {str(label): value for value, label in ReliefCategory.choices}}


class ReliefPaymentImportForm(ScopedModelForm):
    region_code = forms.CharField(label=gettext_lazy("村（社区）区划代码"))

    class Meta:
        model = ReliefPayment
        fields = ["fund", "recipient_kind", "recipient_name", "id_number", "phone", "category", "person_times",
                  "amount", "goods_quantity", "paid_on", "note"]

    def __init__(self, *args, data=None, user=None, ctx=None, **kwargs):
        data = dict(data or {})
        for field, labels in LABELS.items():  # the ledger writes 冬春救助, 户 …; the form takes the codes
            if data.get(field) in labels:
                data[field] = labels[data[field]]
        for field in ("amount", "goods_quantity"):
            if data.get(field) in (None, ""):
                data[field] = "0"
        data.setdefault("recipient_kind", RecipientKind.HOUSEHOLD)
        if data.get("recipient_kind") in (None, ""):
            data["recipient_kind"] = RecipientKind.HOUSEHOLD
        if data.get("person_times") in (None, ""):
            data["person_times"] = "1"
        super().__init__(*args, data=data, user=user, **kwargs)
        self.ctx = ctx

    def clean(self):
        data = super().clean()
        code = (data.get("region_code") or "").strip()
        region = self.ctx["regions"].get(code.ljust(12, "0")) if code else None
        if code and region is None:
            self.add_error("region_code", _("区划代码 %(c)s 不存在或不在您的管辖范围内（须为乡镇或村级）") % {"c": code})
        self.instance.region = region
        fund = data.get("fund")
        if fund is not None:
            self.instance._pending_in_batch = self.ctx["used"][fund.pk]
        return data

    def after_valid(self, obj):
        """Keep a running balance per batch: the rows of the file together may not overdraw it."""
        self.ctx["used"][obj.fund_id] += obj.goods_quantity if obj.fund.is_goods else obj.amount


@imports.register
class ReliefPaymentImport(imports.ImportSpec):
    name = "relief-payments"
    label = gettext_lazy("救助发放台账")
    model = ReliefPayment
    form_class = ReliefPaymentImportForm
    columns = [
        imports.Column(gettext_lazy("款物批次编号"), "fund", required=True, help=gettext_lazy("救灾款物列表中的编号"),
                       example="12"),
        imports.Column(gettext_lazy("救助对象类型"), "recipient_kind", help=gettext_lazy("户 或 个人；空为户"),
                       example="户"),
        imports.Column(gettext_lazy("救助对象（户主）"), "recipient_name", required=True, example="王大伯"),
        imports.Column(gettext_lazy("身份证号"), "id_number", required=True, example="331099195601011234"),
        imports.Column(gettext_lazy("联系电话"), "phone", example="13912345678"),
        imports.Column(gettext_lazy("村（社区）区划代码"), "region_code", required=True, example="331099101201"),
        imports.Column(gettext_lazy("救助类别"), "category", required=True,
                       help="、".join(str(label) for _v, label in ReliefCategory.choices), example="冬春救助"),
        imports.Column(gettext_lazy("救助人次"), "person_times", example="3"),
        imports.Column(gettext_lazy("发放金额（元）"), "amount", example="1500"),
        imports.Column(gettext_lazy("发放物资数量"), "goods_quantity", example="0"),
        imports.Column(gettext_lazy("发放日期"), "paid_on", required=True, example="2025-02-01"),
        imports.Column(gettext_lazy("备注"), "note"),
    ]

    def prepare(self, user, rows):
        codes = {str(data.get("region_code") or "").strip().ljust(12, "0") for _n, data in rows}
        regions = {r.code: r for r in Region.objects.restrict(user).filter(code__in=codes, level__in=[4, 5])}
        return {"regions": regions, "used": defaultdict(lambda: ZERO)}

    def save(self, objs, user):
        """Lock the batches, then check the file's totals against what is left of each (another officer may have
        paid in the meantime); over → ValidationError and nothing is written."""
        totals = defaultdict(lambda: ZERO)
        for o in objs:
            totals[o.fund_id] += o.goods_quantity if o.fund.is_goods else o.amount
        funds = ReliefFund.objects.select_for_update().filter(pk__in=list(totals))
        for fund in funds:
            field = "goods_quantity" if fund.is_goods else "amount"
            paid = fund.payments.filter(voided_at__isnull=True).aggregate(s=Sum(field))["s"] or ZERO
            if totals[fund.pk] > fund.total - paid:
                raise ValidationError(_("超出该批款物的结余：“%(fund)s”尚余%(left)s，本文件合计发放%(want)s，未导入") % {
                    "fund": fund.name, "left": fund.total - paid, "want": totals[fund.pk]})
        super().save(objs, user)
