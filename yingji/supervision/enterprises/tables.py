import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn, MaskedPhoneColumn

from .models import Enterprise, KeyPerson, MajorHazardSource

BADGE = {"A": "text-bg-danger", "B": "text-bg-warning", "C": "text-bg-info", "D": "text-bg-primary"}


class RiskGradeColumn(tables.Column):
    def render(self, value, record):
        return format_html('<span class="badge {}">{}</span>', BADGE.get(record.risk_grade, ""), value)

    def value(self, value, record):
        return str(value)


class EnterpriseTable(BaseTable):
    name = LinkColumn(verbose_name=_("企业名称"))
    credit_code = tables.Column(verbose_name=_("统一社会信用代码"))
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")
    sector = tables.Column(verbose_name=_("行业类别"))
    risk_grade = RiskGradeColumn(verbose_name=_("风险等级"))
    status = tables.Column(verbose_name=_("经营状态"))
    supervising_department = tables.Column(verbose_name=_("行业主管部门"), accessor="supervising_department__name",
                                           order_by="supervising_department__name")
    principal_name = tables.Column(verbose_name=_("主要负责人"))
    principal_phone = MaskedPhoneColumn(verbose_name=_("联系电话"))
    insurance_expiry = tables.DateColumn(verbose_name=_("安责险到期日"), format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = Enterprise
        fields = ("name", "credit_code", "region", "sector", "subsector", "size", "risk_grade", "status",
                  "supervising_department", "principal_name", "principal_phone", "insurance_expiry")


class KeyPersonTable(BaseTable):
    name = LinkColumn(verbose_name=_("姓名"))
    enterprise = tables.Column(verbose_name=_("企业"), accessor="enterprise__name", order_by="enterprise__name")
    role = tables.Column(verbose_name=_("人员类别"))
    phone = MaskedPhoneColumn(verbose_name=_("电话"))
    certificate_expiry = tables.DateColumn(verbose_name=_("证书有效期至"), format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = KeyPerson
        fields = ("name", "enterprise", "role", "phone", "certificate_kind", "certificate_no", "certificate_expiry")

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_detail_url(), value)

    def render_certificate_expiry(self, value, record):
        if value is None:
            return "—"
        text = value.strftime("%Y-%m-%d")
        if record.certificate_expiring:
            return format_html('<span class="text-danger fw-bold" title="{}">{}</span>', _("即将到期或已过期"), text)
        return text


class MajorHazardSourceTable(BaseTable):
    name = tables.Column(verbose_name=_("危险源名称"))
    enterprise = tables.Column(verbose_name=_("企业"), accessor="enterprise__name", order_by="enterprise__name")
    level = tables.Column(verbose_name=_("等级"))

    class Meta(BaseTable.Meta):
        model = MajorHazardSource
        fields = ("name", "enterprise", "level", "chemicals", "quantity_tonnes", "record_no", "recorded_on")

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_detail_url(), value)
