import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable

from .models import Incident, IncidentReport


class IncidentTable(BaseTable):
    received_at = tables.DateTimeColumn(verbose_name=_("接报时间"), format="Y-m-d H:i", linkify=True)
    title = tables.Column(verbose_name=_("事件名称"), linkify=True)
    region = tables.Column(verbose_name=_("区划"), accessor="region__name", order_by="region__code")
    category = tables.Column(verbose_name=_("类别"))
    incident_type = tables.Column(verbose_name=_("类型"))
    grade = tables.Column(verbose_name=_("初判等级"))
    deaths = tables.Column(verbose_name=_("死亡"))
    missing = tables.Column(verbose_name=_("失踪"))
    injuries = tables.Column(verbose_name=_("受伤"))
    status = tables.Column(verbose_name=_("状态"))
    next_due = tables.DateTimeColumn(verbose_name=_("下一报送时限"), format="m-d H:i", orderable=True)
    late_count = tables.Column(verbose_name=_("迟报"), orderable=True)

    class Meta(BaseTable.Meta):
        model = Incident
        fields = ("received_at", "title", "region", "category", "incident_type", "grade", "deaths", "missing",
                  "injuries", "status", "next_due", "late_count")

    def render_next_due(self, value):
        if value is None:
            return "—"
        css = "text-bg-danger" if value < timezone.now() else "text-bg-warning"
        return format_html('<span class="badge {}">{}</span>', css, timezone.localtime(value).strftime("%m-%d %H:%M"))

    def render_late_count(self, value):
        return format_html('<span class="badge text-bg-danger">{}</span>', value) if value else "—"

    def value_late_count(self, value):
        return value


class IncidentReportTable(BaseTable):
    reported_at = tables.DateTimeColumn(verbose_name=_("报告时间"), format="Y-m-d H:i", linkify=True)
    incident = tables.Column(verbose_name=_("突发事件"), linkify=lambda record: record.incident.get_absolute_url(),
                             order_by="incident__received_at")
    kind = tables.Column(verbose_name=_("报告类型"))
    channel = tables.Column(verbose_name=_("方式"))
    recipient_level = tables.Column(verbose_name=_("报告对象"))
    recipient = tables.Column(verbose_name=_("接收单位"))
    late = tables.Column(verbose_name=_("迟报"))

    class Meta(BaseTable.Meta):
        model = IncidentReport
        fields = ("reported_at", "incident", "kind", "channel", "recipient_level", "recipient", "late")

    def render_late(self, record, value):
        if not value:
            return _("按时")
        return format_html('<span class="badge text-bg-danger">{} {}</span>', _("迟报"),
                           _("%(n)d分钟") % {"n": record.late_minutes})

    def value_late(self, record, value):
        return _("迟报") if value else _("按时")
