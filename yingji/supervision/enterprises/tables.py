import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn, MaskedPhoneColumn

from .models import Enterprise, HazardChemical, KeyPerson, MajorHazardSource

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


def _decimal(value, places=2):
    return "—" if value is None else f"{value:.{places}f}"


def _tonnes(value):
    """3.000 → "3", 0.300 → "0.3"."""
    return "—" if value is None else f"{value.normalize():f}"


class MajorHazardSourceTable(BaseTable):
    """Sources with their chemicals and Σ q/Q; the rows' chemical_items should be prefetched (views.sources_for)."""

    name = tables.Column(verbose_name=_("危险源名称"))
    enterprise = tables.Column(verbose_name=_("企业"), accessor="enterprise__name", order_by="enterprise__name")
    level = tables.Column(verbose_name=_("等级"))
    chemical_list = tables.Column(verbose_name=_("危险化学品（q/Q，吨）"), accessor="pk", orderable=False,
                                  empty_values=())
    quantity_ratio = tables.Column(verbose_name=_("Σq/Q"), accessor="pk", orderable=False, empty_values=())
    computed_level = tables.Column(verbose_name=_("按 R 计算的等级"), accessor="pk", orderable=False,
                                   empty_values=())

    class Meta(BaseTable.Meta):
        model = MajorHazardSource
        fields = ("name", "enterprise", "level", "chemical_list", "quantity_ratio", "computed_level",
                  "quantity_tonnes", "exposed_people", "record_no", "recorded_on")

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_detail_url(), value)

    def value_name(self, value):
        return value

    def render_level(self, value, record):
        if record.level_mismatch:
            return format_html('{} <span class="badge text-bg-warning" title="{}">{}</span>', value,
                               _("登记等级与按 R 计算的等级不一致"), _("待核对"))
        return value

    def value_level(self, value, record):
        return str(value)

    def value_chemical_list(self, record):
        rows = record.active_chemicals()
        if not rows:
            return record.chemicals
        return "、".join(f"{c} {_tonnes(c.max_quantity)}/{_tonnes(c.critical_quantity)}" for c in rows)

    def render_chemical_list(self, record):
        return self.value_chemical_list(record) or "—"

    def value_quantity_ratio(self, record):
        ratio = record.quantity_ratio
        return "" if ratio is None else float(round(ratio, 3))

    def render_quantity_ratio(self, record):
        ratio = record.quantity_ratio
        if ratio is None:
            return "—"
        if ratio < 1:
            return format_html('{} <span class="text-muted small">{}</span>', _decimal(ratio), _("（<1，不构成）"))
        return _decimal(ratio)

    def value_computed_level(self, record):
        level = record.computed_level_display
        return f"{level}（R={_decimal(record.r_value)}）" if level else ""

    def render_computed_level(self, record):
        return self.value_computed_level(record) or "—"


class HazardChemicalTable(BaseTable):
    name = tables.Column(verbose_name=_("危险化学品名称"))
    source = tables.Column(verbose_name=_("重大危险源"), accessor="source__name", order_by="source__name")
    enterprise = tables.Column(verbose_name=_("企业"), accessor="source__enterprise__name",
                               order_by="source__enterprise__name")
    max_quantity = tables.Column(verbose_name=_("q（吨）"))
    critical_quantity = tables.Column(verbose_name=_("Q（吨）"))
    ratio = tables.Column(verbose_name=_("q/Q"), accessor="pk", orderable=False, empty_values=())
    beta = tables.Column(verbose_name=_("β"))

    class Meta(BaseTable.Meta):
        model = HazardChemical
        fields = ("name", "source", "enterprise", "cas_no", "hazard_category", "max_quantity", "critical_quantity",
                  "ratio", "beta")

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_detail_url(), value)

    def value_name(self, value):
        return value

    def render_max_quantity(self, value):
        return _tonnes(value)

    def render_critical_quantity(self, value):
        return _tonnes(value)

    def render_ratio(self, record):
        return _decimal(record.ratio)

    def value_ratio(self, record):
        return "" if record.ratio is None else float(round(record.ratio, 3))
