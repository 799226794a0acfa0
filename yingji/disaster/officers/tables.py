import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn, MaskedPhoneColumn

from .models import DisasterInfoOfficer, TrainingRecord


class DisasterInfoOfficerTable(BaseTable):
    name = LinkColumn(verbose_name=_("姓名"))
    phone = MaskedPhoneColumn(verbose_name=_("手机号码"), orderable=False)
    region = tables.Column(verbose_name=_("村（社区）/乡镇"), accessor="region__name", order_by="region__code")
    organisation = tables.Column(verbose_name=_("所在单位"))
    role = tables.Column(verbose_name=_("A/B角"))
    active = tables.BooleanColumn(verbose_name=_("在岗"))
    appointed_on = tables.DateColumn(verbose_name=_("聘任日期"), format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = DisasterInfoOfficer
        fields = ("name", "phone", "region", "organisation", "role", "active", "appointed_on")


class TrainingRecordTable(BaseTable):
    trained_on = tables.DateColumn(verbose_name=_("培训日期"), format="Y-m-d", linkify=True)
    officer = tables.Column(verbose_name=_("灾害信息员"), accessor="officer__name", order_by="officer__name")
    region = tables.Column(verbose_name=_("村（社区）/乡镇"), accessor="officer__region__name",
                           order_by="officer__region__code")
    course = tables.Column(verbose_name=_("培训内容"))
    hours = tables.Column(verbose_name=_("学时"))
    organiser = tables.Column(verbose_name=_("组织单位"))

    class Meta(BaseTable.Meta):
        model = TrainingRecord
        fields = ("trained_on", "officer", "region", "course", "hours", "organiser")
