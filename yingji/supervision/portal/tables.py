import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, MaskedPhoneColumn

from .models import EnterpriseAccount


class EnterpriseAccountTable(BaseTable):
    enterprise = tables.Column(verbose_name=_("企业"), accessor="enterprise__name", order_by="enterprise__name")
    username = tables.Column(verbose_name=_("用户名"), accessor="user__username", order_by="user__username")
    full_name = tables.Column(verbose_name=_("姓名"), accessor="user__full_name", order_by="user__full_name")
    phone = MaskedPhoneColumn(verbose_name=_("手机号码"), accessor="user__phone", orderable=False)
    last_login = tables.DateTimeColumn(verbose_name=_("最近登录"), accessor="user__last_login", format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = EnterpriseAccount
        fields = ("enterprise", "username", "full_name", "phone", "role", "active", "last_login")

    def render_enterprise(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def value_enterprise(self, value, record):
        return value
