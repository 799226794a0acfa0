"""救助发放台账 and 民房保险理赔台账 imports: one row per payment (or claim), all rows or none, each with its real date.

Both are history ledgers (existing_rows = "skip"): a row already in the system (the same batch or policy, person,
date and amount) is skipped, so a ledger imported again, or with this month's rows added at its end, writes only
its new rows. The rows of a relief file together may not overdraw any batch.
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports
from yingji.platform.core.validators import normalize_id_number
from yingji.platform.regions.models import Region

from .choices import ReliefCategory
from .forms import HousingInsuranceClaimForm, ReliefPaymentForm
from .models import ZERO, HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment


def _payment_key(fund_id, id_number, name, category, paid_on, amount, goods):
    return (fund_id, normalize_id_number(id_number or ""), (name or "").strip(), category, paid_on,
            Decimal(amount or 0).quantize(CENT), Decimal(goods or 0).quantize(CENT))


CENT = Decimal("0.01")


@imports.register
class ReliefPaymentImport(imports.ImportSpec):
    name = "relief-payments"
    label = gettext_lazy("救助发放台账")
    model = ReliefPayment
    edit_form = ReliefPaymentForm
    existing_rows = "skip"
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
        # the payments of these batches already in the system, read once: what each batch has paid out (its
        # balance), and the rows already imported (skipped; their amount is in the balance already, so it does not
        # count again in the file's running total)
        # (voided ones too: they are not imported again, and do not count in the balance)
        existing, paid = set(), defaultdict(lambda: [ZERO, ZERO])
        for *row, voided_at in ReliefPayment.objects.filter(fund_id__in=[f.pk for f in funds.values()]).values_list(
                "fund_id", "id_number", "recipient_name", "category", "paid_on", "amount", "goods_quantity",
                "voided_at"):
            existing.add(_payment_key(*row))
            if voided_at is None:
                paid[row[0]][0] += row[5] or ZERO
                paid[row[0]][1] += row[6] or ZERO
        for f in funds.values():
            f._known_paid = paid[f.pk][1 if f.is_goods else 0]
        return {"regions": regions, "funds": funds, "used": defaultdict(lambda: ZERO), "existing": existing}

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
            pending = ctx["used"][fund.pk]
            key = _payment_key(fund.pk, cleaned_data.get("id_number"), cleaned_data.get("recipient_name"),
                               cleaned_data.get("category"), cleaned_data.get("paid_on"), cleaned_data.get("amount"),
                               cleaned_data.get("goods_quantity"))
            if key in ctx["existing"]:  # imported before (and skipped): its check must not count its amount again
                pending -= (cleaned_data.get("goods_quantity") if fund.is_goods else cleaned_data.get("amount")) \
                    or ZERO
            instance._pending_in_batch = pending

    def after_valid(self, obj, ctx):
        """Keep a running balance per batch: the rows of the file together may not overdraw it."""
        if self.row_key(obj) not in ctx["existing"]:
            ctx["used"][obj.fund_id] += obj.goods_quantity if obj.fund.is_goods else obj.amount

    def row_key(self, obj):
        return _payment_key(obj.fund_id, obj.id_number, obj.recipient_name, obj.category, obj.paid_on, obj.amount,
                            obj.goods_quantity)

    def duplicate_column(self):
        return str(self.columns[3].header)

    def existing_keys(self, keys):
        fund_ids = sorted({k[0] for k in keys})
        found = set()
        for i in range(0, len(fund_ids), 900):
            for row in ReliefPayment.objects.filter(fund_id__in=fund_ids[i:i + 900]).values_list(
                    "fund_id", "id_number", "recipient_name", "category", "paid_on", "amount", "goods_quantity"):
                key = _payment_key(*row)
                if key in keys:
                    found.add(key)
        return found

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


@imports.register
class HousingInsuranceClaimImport(imports.ImportSpec):
    """民房保险理赔台账: the claims an insurer paid under the county's (or a township's) policy, one row per claim."""

    name = "housing-insurance-claims"
    label = gettext_lazy("民房保险理赔台账")
    model = HousingInsuranceClaim
    edit_form = HousingInsuranceClaimForm
    existing_rows = "skip"
    columns = [
        imports.Column(gettext_lazy("保险年度"), "policy", required=True,
                       help=gettext_lazy("保单的保险年度；该户所在的投保区划须有该年度的民房保险保单"), example="2024"),
        imports.Column(gettext_lazy("户主"), "household_name", required=True, example="周阿公"),
        imports.Column(gettext_lazy("身份证号"), "id_number", required=True, example="331099194802081234"),
        imports.Column(gettext_lazy("联系电话"), "phone", example="13612345678"),
        imports.Column(gettext_lazy("村（社区）区划代码"), "region", required=True,
                       help=gettext_lazy("村（社区）或乡镇的区划代码"), example="331099101201"),
        imports.Column(gettext_lazy("赔款（元）"), "amount", required=True, example="3200"),
        imports.Column(gettext_lazy("赔付日期"), "paid_on", required=True, example="2024-08-15"),
    ]

    def prepare(self, user, rows):
        codes, years = set(), set()
        for _n, data in rows:
            raw = str(data.get("region") or "").strip()
            if raw.isdigit():
                codes.add(raw.ljust(12, "0"))
            if str(data.get("policy") or "").strip().isdigit():
                years.add(int(str(data["policy"]).strip()))
        regions = {r.code: r for r in Region.objects.restrict(user).filter(code__in=codes, level__in=[4, 5])}
        policies = defaultdict(list)
        for p in (HousingInsurancePolicy.objects.restrict(user, "view").active().select_related("region")
                  .filter(year__in=years)):
            policies[p.year].append(p)
        return {"regions": regions, "policies": policies}

    def resolve_region(self, text, ctx):
        code = text.strip()
        region = ctx["regions"].get(code.ljust(12, "0"))
        if region is None:
            raise ValidationError(_("区划代码 %(c)s 不存在或不在您的管辖范围内（须为乡镇或村级）") % {"c": code})
        return region

    def resolve_policy(self, text, ctx):
        """The year's policies; the one covering the household's region is chosen once the region is known."""
        year = text.strip()
        if not year.isdigit() or not ctx["policies"].get(int(year)):
            raise ValidationError(_("%(y)s 年度没有您辖区内的民房保险保单，请先登记保单") % {"y": year})
        return ctx["policies"][int(year)]

    def before_model_clean(self, instance, cleaned_data, ctx):
        """Of the year's policies, the one of the smallest region the household lives in (a township's own policy
        before the county's); none covers it: the model's error (该户不在保单的投保区划内) on the first one."""
        policies, region = cleaned_data.get("policy"), cleaned_data.get("region")
        if not policies:
            return
        covering = [p for p in policies if region is not None and region.is_within(p.region)]
        chosen = max(covering, key=lambda p: p.region.level) if covering else policies[0]
        cleaned_data["policy"] = chosen

    def row_key(self, obj):
        return obj.policy_id, obj.id_number, obj.paid_on, obj.amount.quantize(CENT)

    def duplicate_column(self):
        return str(self.columns[2].header)

    def existing_keys(self, keys):
        policy_ids = sorted({k[0] for k in keys})
        found = set()
        for row in HousingInsuranceClaim.objects.filter(policy_id__in=policy_ids).values_list(
                "policy_id", "id_number", "paid_on", "amount"):
            key = (row[0], normalize_id_number(row[1]), row[2], row[3].quantize(CENT))
            if key in keys:
                found.add(key)
        return found
