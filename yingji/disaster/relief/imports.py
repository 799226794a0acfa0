"""救助发放台账 import: one row per payment, all rows or none; the file together may not overdraw any batch."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports
from yingji.platform.regions.models import Region

from .choices import ReliefCategory
from .forms import ReliefPaymentForm
from .models import ZERO, ReliefFund, ReliefPayment


@imports.register
class ReliefPaymentImport(imports.ImportSpec):
    name = "relief-payments"
    label = gettext_lazy("救助发放台账")
    model = ReliefPayment
    edit_form = ReliefPaymentForm
    columns = [
        imports.Column(gettext_lazy("款物批次编号"), "fund", required=True, help=gettext_lazy("救灾款物列表中的编号"),
                       example="12"),
        imports.Column(gettext_lazy("救助对象类型"), "recipient_kind", help=gettext_lazy("户 或 个人；空为户"),
                       example="户"),
        imports.Column(gettext_lazy("救助对象（户主）"), "recipient_name", required=True, example="王大伯"),
        imports.Column(gettext_lazy("身份证号"), "id_number", required=True, example="331099195601011234"),
        imports.Column(gettext_lazy("联系电话"), "phone", example="13912345678"),
        imports.Column(gettext_lazy("村（社区）区划代码"), "region", required=True, example="331099101201"),
        imports.Column(gettext_lazy("救助类别"), "category", required=True,
                       help="、".join(str(label) for _v, label in ReliefCategory.choices), example="冬春救助"),
        imports.Column(gettext_lazy("救助人次"), "person_times", example="3"),
        imports.Column(gettext_lazy("发放金额（元）"), "amount", example="1500"),
        imports.Column(gettext_lazy("发放物资数量"), "goods_quantity", example="0"),
        imports.Column(gettext_lazy("发放日期"), "paid_on", required=True, example="2025-02-01"),
        imports.Column(gettext_lazy("备注"), "note"),
    ]

    def prepare(self, user, rows):
        codes = {str(data.get("region") or "").strip().ljust(12, "0") for _n, data in rows}
        regions = {r.code: r for r in Region.objects.restrict(user).filter(code__in=codes, level__in=[4, 5])}
        ids = {int(v) for v in (str(data.get("fund") or "").strip() for _n, data in rows) if v.isdigit()}
        funds = {str(f.pk): f for f in ReliefFund.objects.restrict(user, "view").active().select_related("region")
                 .filter(pk__in=ids)}
        return {"regions": regions, "funds": funds, "used": defaultdict(lambda: ZERO)}

    def resolve_fund(self, text, ctx):
        fund = ctx["funds"].get(text.strip())
        if fund is None:
            raise ValidationError(_("款物批次 %(v)s 不存在、已作废或不在您的管辖范围内（填写救灾款物列表中的编号）")
                                  % {"v": text.strip()})
        return fund

    def resolve_region(self, text, ctx):
        code = text.strip()
        region = ctx["regions"].get(code.ljust(12, "0"))
        if region is None:
            raise ValidationError(_("区划代码 %(c)s 不存在或不在您的管辖范围内（须为乡镇或村级）") % {"c": code})
        return region

    def before_model_clean(self, instance, cleaned_data, ctx):
        """The model checks the batch's balance less what the earlier rows of the file take from it."""
        fund = cleaned_data.get("fund")
        if fund is not None:
            instance._pending_in_batch = ctx["used"][fund.pk]

    def after_valid(self, obj, ctx):
        """Keep a running balance per batch: the rows of the file together may not overdraw it."""
        ctx["used"][obj.fund_id] += obj.goods_quantity if obj.fund.is_goods else obj.amount

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
