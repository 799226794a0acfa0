import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn, MaskedPhoneColumn

from .models import Organisation, User


class OrganisationTable(BaseTable):
    name = LinkColumn(verbose_name=_("单位名称"))
    kind = tables.Column(verbose_name=_("单位类型"))
    industry = tables.Column(verbose_name=_("行业领域"))
    region = tables.Column(verbose_name=_("所属区划"), accessor="region__name", order_by="region__code")
    parent = tables.Column(verbose_name=_("上级单位"), accessor="parent__name", order_by="parent__name")
    phone = tables.Column(verbose_name=_("值班电话"))

    class Meta(BaseTable.Meta):
        model = Organisation
        fields = ("name", "short_name", "kind", "industry", "region", "parent", "phone")


class UserTable(BaseTable):
    username = LinkColumn(verbose_name=_("用户名"))
    full_name = tables.Column(verbose_name=_("姓名"))
    phone = MaskedPhoneColumn(verbose_name=_("手机号码"))
    region = tables.Column(verbose_name=_("管辖区划"), accessor="region__name", order_by="region__code")
    organisation = tables.Column(verbose_name=_("所在单位"), accessor="organisation__name",
                                 order_by="organisation__name")
    roles = tables.Column(verbose_name=_("角色"), accessor="pk", orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("启用"))
    last_login = tables.DateTimeColumn(verbose_name=_("最近登录"), format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = User
        fields = ("username", "full_name", "phone", "region", "organisation", "title", "roles", "is_active",
                  "last_login")

    def render_roles(self, record):
        return "、".join(g.name for g in record.groups.all())

    def value_roles(self, record):
        return self.render_roles(record)
