import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .models import BaselineFigure, ReportNarrative


class ReportNarrativeTable(BaseTable):
    year = LinkColumn(verbose_name=_("年度"))
    region = tables.Column(verbose_name=_("行政区划"), accessor="region__name", order_by="region__code")
    section = tables.Column(verbose_name=_("报告章节"), accessor="section_title", order_by="section")
    text = tables.Column(verbose_name=_("文字内容"))
    updated_at = tables.DateTimeColumn(verbose_name=_("更新时间"), format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = ReportNarrative
        fields = ("year", "region", "section", "text", "updated_at")

    def render_text(self, value):
        return value if len(value) <= 60 else value[:60] + "……"


class BaselineFigureTable(BaseTable):
    year = LinkColumn(verbose_name=_("年度"))
    region = tables.Column(verbose_name=_("行政区划"), accessor="region__name", order_by="region__code")
    indicator = tables.Column(verbose_name=_("指标"))
    value = tables.Column(verbose_name=_("数值"), accessor="value_text", order_by="value")
    source = tables.Column(verbose_name=_("数据来源"))

    class Meta(BaseTable.Meta):
        model = BaselineFigure
        fields = ("year", "region", "indicator", "value", "source")
