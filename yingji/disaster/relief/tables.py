import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.privacy import mask_id_number
from yingji.platform.core.tables import BaseTable, LinkColumn, MaskedPhoneColumn

from .models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment


class MaskedIdNumberColumn(tables.Column):
    """ID numbers are masked in every list and export (个人信息保护)."""

    def render(self, value):
        return mask_id_number(value)

    def value(self, value):
        return mask_id_number(value)


class ReliefFundTable(BaseTable):
    name = LinkColumn(verbose_name=_("批次名称"))
    document_no = tables.Column(verbose_name=_("文号"))
    level = tables.Column(verbose_name=_("级别"))
    kind = tables.Column(verbose_name=_("类别"))
    category = tables.Column(verbose_name=_("用途"))
    amount = tables.Column(verbose_name=_("金额（元）"))
    goods = tables.Column(verbose_name=_("物资"), accessor="goods_name", order_by="goods_name")
    received_on = tables.DateColumn(verbose_name=_("到账日期"), format="Y-m-d")
    region = tables.Column(verbose_name=_("接收区划"), accessor="region__name", order_by="region__code")

    class Meta(BaseTable.Meta):
        model = ReliefFund
        fields = ("name", "document_no", "level", "kind", "category", "amount", "goods", "received_on", "region")

    def render_goods(self, value, record):
        return f"{value} {record.goods_quantity}{record.goods_unit}" if value else "—"

    def value_goods(self, value, record):
        return f"{value} {record.goods_quantity}{record.goods_unit}" if value else ""


class ReliefPaymentTable(BaseTable):
    paid_on = tables.DateColumn(verbose_name=_("发放日期"), format="Y-m-d", linkify=True)
    recipient_name = tables.Column(verbose_name=_("救助对象"))
    id_number = MaskedIdNumberColumn(verbose_name=_("身份证号"), orderable=False)
    phone = MaskedPhoneColumn(verbose_name=_("联系电话"), orderable=False)
    region = tables.Column(verbose_name=_("村（社区）/乡镇"), accessor="region__name", order_by="region__code")
    category = tables.Column(verbose_name=_("救助类别"))
    person_times = tables.Column(verbose_name=_("人次"))
    amount = tables.Column(verbose_name=_("金额（元）"))
    goods_quantity = tables.Column(verbose_name=_("物资数量"))
    fund = tables.Column(verbose_name=_("款物批次"), accessor="fund__name", order_by="fund__received_on")

    class Meta(BaseTable.Meta):
        model = ReliefPayment
        fields = ("paid_on", "recipient_name", "id_number", "phone", "region", "category", "person_times", "amount",
                  "goods_quantity", "fund")


class HousingInsurancePolicyTable(BaseTable):
    year = tables.Column(verbose_name=_("保险年度"), linkify=True)
    region = tables.Column(verbose_name=_("投保区划"), accessor="region__name", order_by="region__code")
    insurer = tables.Column(verbose_name=_("承保公司"))
    policy_no = tables.Column(verbose_name=_("保单号"))
    premium = tables.Column(verbose_name=_("保费（元）"))
    insured_households = tables.Column(verbose_name=_("参保户数"))

    class Meta(BaseTable.Meta):
        model = HousingInsurancePolicy
        fields = ("year", "region", "insurer", "policy_no", "premium", "insured_households")


class HousingInsuranceClaimTable(BaseTable):
    paid_on = tables.DateColumn(verbose_name=_("赔付日期"), format="Y-m-d", linkify=True)
    household_name = tables.Column(verbose_name=_("户主"))
    id_number = MaskedIdNumberColumn(verbose_name=_("身份证号"), orderable=False)
    phone = MaskedPhoneColumn(verbose_name=_("联系电话"), orderable=False)
    region = tables.Column(verbose_name=_("村（社区）/乡镇"), accessor="region__name", order_by="region__code")
    amount = tables.Column(verbose_name=_("赔款（元）"))
    policy = tables.Column(verbose_name=_("保险年度"), accessor="policy__year", order_by="policy__year")

    class Meta(BaseTable.Meta):
        model = HousingInsuranceClaim
        fields = ("paid_on", "household_name", "id_number", "phone", "region", "amount", "policy")
