import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.privacy import mask_name
from yingji.platform.core.tables import BaseTable, MaskedPhoneColumn

from .choices import TipoffState
from .models import Tipoff

STATE_BADGE = {TipoffState.PENDING: "text-bg-danger", TipoffState.VERIFYING: "text-bg-warning",
               TipoffState.CONFIRMED: "text-bg-info", TipoffState.UNFOUNDED: "text-bg-secondary",
               TipoffState.CONVERTED: "text-bg-success"}


class MaskedNameColumn(tables.Column):
    """The reporter's name, masked in every list and export (个人信息保护)."""

    def render(self, value):
        return mask_name(value)

    def value(self, value):
        return mask_name(value)


class TipoffTable(BaseTable):
    received_at = tables.DateTimeColumn(verbose_name=_("受理时间"), format="Y-m-d H:i")
    target = tables.Column(verbose_name=_("被举报企业或地点"), accessor="place", order_by="enterprise__name",
                           empty_values=())
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")
    reporter_name = MaskedNameColumn(verbose_name=_("举报人"))
    reporter_phone = MaskedPhoneColumn(verbose_name=_("举报人电话"))
    verify_deadline = tables.DateColumn(verbose_name=_("核查期限"), format="Y-m-d")
    state = tables.Column(verbose_name=_("状态"))
    reward_amount = tables.Column(verbose_name=_("奖励（元）"))

    class Meta(BaseTable.Meta):
        model = Tipoff
        fields = ("received_at", "channel", "target", "region", "description", "anonymous", "reporter_name",
                  "reporter_phone", "verify_deadline", "state", "reward_amount")

    def _target(self, record):
        return record.enterprise.name if record.enterprise_id else record.place

    def render_received_at(self, value, record):
        stamp = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), stamp)

    def value_received_at(self, value, record):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")

    def render_target(self, value, record):
        return self._target(record)

    def value_target(self, value, record):
        return self._target(record)

    def render_description(self, value):
        return value if len(value) <= 40 else value[:40] + "…"

    def value_description(self, value):
        return value

    def render_reporter_name(self, value, record):
        return _("匿名") if record.anonymous else mask_name(value)

    def render_state(self, value, record):
        html = format_html('<span class="badge {}">{}</span>', STATE_BADGE.get(record.state, ""), value)
        if record.is_overdue:
            html += format_html(' <span class="badge text-bg-danger">{}</span>', _("逾期"))
        return html

    def value_state(self, value, record):
        return f"{value}（逾期）" if record.is_overdue else str(value)
