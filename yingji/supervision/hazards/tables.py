import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable

from .choices import HazardState
from .models import Hazard

STATE_BADGE = {HazardState.PENDING: "text-bg-danger", HazardState.IN_PROGRESS: "text-bg-warning",
               HazardState.AWAITING_ACCEPTANCE: "text-bg-info", HazardState.CLOSED: "text-bg-success"}


class HazardTable(BaseTable):
    description = tables.Column(verbose_name=_("隐患描述"))
    enterprise = tables.Column(verbose_name=_("企业"), accessor="enterprise__name", order_by="enterprise__name")
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")
    level = tables.Column(verbose_name=_("级别"))
    source = tables.Column(verbose_name=_("来源"))
    found_on = tables.DateColumn(verbose_name=_("发现日期"), format="Y-m-d")
    deadline = tables.DateColumn(verbose_name=_("整改期限"), format="Y-m-d")
    state = tables.Column(verbose_name=_("状态"))
    supervision_level = tables.Column(verbose_name=_("挂牌督办"))

    class Meta(BaseTable.Meta):
        model = Hazard
        fields = ("ledger_no", "description", "enterprise", "region", "level", "category", "source", "found_on", "deadline",
                  "state", "supervision_level", "responsible_person")

    def render_description(self, value, record):
        text = value if len(value) <= 40 else value[:40] + "…"
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), text)

    def value_description(self, value, record):
        return value

    def render_state(self, value, record):
        html = format_html('<span class="badge {}">{}</span>', STATE_BADGE.get(record.state, ""), value)
        if record.is_overdue:
            html += format_html(' <span class="badge text-bg-danger">{}</span>', _("逾期"))
        return html

    def value_state(self, value, record):
        return f"{value}（逾期）" if record.is_overdue else str(value)

    def render_level(self, value, record):
        if record.is_major:
            return format_html('<span class="text-danger fw-bold">{}</span>', value)
        return value
