import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable

from .models import CalendarDay


class CalendarDayTable(BaseTable):
    date = tables.Column(verbose_name=_("日期"))
    weekday = tables.Column(verbose_name=_("星期"), accessor="weekday_label", orderable=False)
    kind = tables.Column(verbose_name=_("类型"))
    holiday = tables.Column(verbose_name=_("节日"))
    basis = tables.Column(verbose_name=_("依据"))

    class Meta(BaseTable.Meta):
        model = CalendarDay
        fields = ("date", "weekday", "kind", "holiday", "basis", "note")

    def render_date(self, value, record):
        from django.utils.html import format_html

        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value.strftime("%Y-%m-%d"))

    def value_date(self, value):
        return value
