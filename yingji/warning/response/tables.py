import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable

from .models import EmergencyResponse, ForecastStep


class ResponseTable(BaseTable):
    title = tables.Column(verbose_name=_("应急响应"), empty_values=(), order_by="started_at")
    region = tables.Column(verbose_name=_("响应区划"), accessor="region__name", order_by="region__code")
    started_at = tables.DateTimeColumn(verbose_name=_("启动时间"), format="Y-m-d H:i")
    ended_at = tables.DateTimeColumn(verbose_name=_("终止时间"), format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = EmergencyResponse
        fields = ("title", "region", "plan_type", "level", "state", "started_at", "ended_at", "decided_by")

    def render_title(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), str(record))

    def value_title(self, value, record):
        return str(record)


class StepTable(BaseTable):
    message = tables.Column(verbose_name=_("提示通知"))
    due_at = tables.DateTimeColumn(verbose_name=_("提示时间"), format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = ForecastStep
        fields = ("message", "lead_hours", "due_at", "state", "confirmed_at")

    def render_message(self, value, record):
        text = value if len(value) <= 50 else value[:50] + "…"
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), text)

    def value_message(self, value, record):
        return value
