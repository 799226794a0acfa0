import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .models import DisasterEvent, LossReport


class DisasterEventTable(BaseTable):
    name = LinkColumn(verbose_name=_("灾害名称"))
    disaster_type = tables.Column(verbose_name=_("灾种"))
    started_at = tables.DateTimeColumn(verbose_name=_("发生时间"), format="Y-m-d H:i")
    ended_at = tables.DateTimeColumn(verbose_name=_("结束时间"), format="Y-m-d H:i")
    region = tables.Column(verbose_name=_("区划"), accessor="region__name", order_by="region__code")

    class Meta(BaseTable.Meta):
        model = DisasterEvent
        fields = ("name", "disaster_type", "started_at", "ended_at", "region")


class LossReportTable(BaseTable):
    reported_at = tables.DateTimeColumn(verbose_name=_("报告时间"), format="Y-m-d H:i", linkify=True)
    event = tables.Column(verbose_name=_("灾害事件"), accessor="event__name", order_by="event__started_at")
    region = tables.Column(verbose_name=_("乡镇（街道）"), accessor="region__name", order_by="region__code")
    kind = tables.Column(verbose_name=_("报告类型"))
    affected_population = tables.Column(verbose_name=_("受灾人口"))
    deaths = tables.Column(verbose_name=_("死亡"))
    missing = tables.Column(verbose_name=_("失踪"))
    relocated = tables.Column(verbose_name=_("紧急转移安置"))
    crop_affected_ha = tables.Column(verbose_name=_("农作物受灾（公顷）"))
    direct_loss = tables.Column(verbose_name=_("直接经济损失（万元）"))
    is_late = tables.Column(verbose_name=_("超时"))

    class Meta(BaseTable.Meta):
        model = LossReport
        fields = ("reported_at", "event", "region", "kind", "affected_population", "deaths", "missing", "relocated",
                  "crop_affected_ha", "direct_loss", "is_late")

    def render_is_late(self, value):
        return format_html('<span class="badge text-bg-danger">{}</span>', _("超时")) if value else "—"

    def value_is_late(self, value):
        return _("超时") if value else ""
