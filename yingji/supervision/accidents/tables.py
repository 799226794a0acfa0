import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable

from .models import Accident, AccidentInvestigation, AccidentReport


class AccidentTable(BaseTable):
    occurred_at = tables.DateTimeColumn(verbose_name=_("发生时间"), format="Y-m-d H:i", linkify=True)
    region = tables.Column(verbose_name=_("区划"), accessor="region__name", order_by="region__code")
    unit_name = tables.Column(verbose_name=_("事故单位"))
    place = tables.Column(verbose_name=_("地点"))
    sector = tables.Column(verbose_name=_("行业领域"))
    accident_type = tables.Column(verbose_name=_("事故类别"))
    grade = tables.Column(verbose_name=_("等级"))
    deaths = tables.Column(verbose_name=_("死亡"))
    missing = tables.Column(verbose_name=_("失踪"))
    serious_injuries = tables.Column(verbose_name=_("重伤"))
    injuries = tables.Column(verbose_name=_("受伤"))
    direct_loss = tables.Column(verbose_name=_("直接经济损失（万元）"), attrs={"td": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = Accident
        fields = ("occurred_at", "region", "unit_name", "place", "sector", "accident_type", "grade", "deaths",
                  "missing", "serious_injuries", "injuries", "direct_loss")

    def render_grade(self, record, value):
        css = "text-bg-danger" if record.is_larger_or_above else "text-bg-light"
        return format_html('<span class="badge {}">{}</span>', css, value)

    def value_grade(self, record, value):
        return value

    def render_direct_loss(self, record):
        return record.loss_wan

    def value_direct_loss(self, record):
        return record.loss_wan


class AccidentReportTable(BaseTable):
    reported_at = tables.DateTimeColumn(verbose_name=_("报告时间"), format="Y-m-d H:i", linkify=True)
    accident = tables.Column(verbose_name=_("事故"), linkify=lambda record: record.accident.get_absolute_url(),
                             order_by="accident__occurred_at")
    kind = tables.Column(verbose_name=_("报告类型"))
    to_level = tables.Column(verbose_name=_("报告至"))
    deadline = tables.DateTimeColumn(verbose_name=_("时限"), format="Y-m-d H:i")
    is_late = tables.Column(verbose_name=_("迟报"))
    reporter = tables.Column(verbose_name=_("报告人/单位"))

    class Meta(BaseTable.Meta):
        model = AccidentReport
        fields = ("reported_at", "accident", "kind", "to_level", "deadline", "is_late", "reporter")

    def render_is_late(self, value):
        return format_html('<span class="badge text-bg-danger">{}</span>', _("迟报")) if value else "—"

    def value_is_late(self, value):
        return _("迟报") if value else ""


class AccidentInvestigationTable(BaseTable):
    accident = tables.Column(verbose_name=_("事故"), linkify=True, order_by="accident__occurred_at")
    lead_unit = tables.Column(verbose_name=_("牵头单位"))
    started_on = tables.DateColumn(verbose_name=_("成立日期"), format="Y-m-d")
    nature = tables.Column(verbose_name=_("事故性质"))
    approved_on = tables.DateColumn(verbose_name=_("批复日期"), format="Y-m-d")
    criminal_count = tables.Column(verbose_name=_("追究刑责（人）"))
    discipline_count = tables.Column(verbose_name=_("党纪政务处分（人）"))
    enterprise_fine = tables.Column(verbose_name=_("罚款（元）"))
    reviewed_on = tables.DateColumn(verbose_name=_("回头看"), format="Y-m-d")
    detail = tables.Column(verbose_name="", accessor="pk", orderable=False, linkify=True, exclude_from_export=True)

    class Meta(BaseTable.Meta):
        model = AccidentInvestigation
        fields = ("accident", "lead_unit", "started_on", "nature", "approved_on", "criminal_count",
                  "discipline_count", "enterprise_fine", "reviewed_on", "detail")

    def render_detail(self, value):
        return _("查看")
