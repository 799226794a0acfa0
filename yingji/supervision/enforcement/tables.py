import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .models import EnforcementCase, Measure, Penalty


class DueColumn(tables.Column):
    """The current time limit, flagged red when passed."""

    def render(self, value, record):
        if record.is_overdue:
            return format_html('<span class="badge text-bg-danger">{} {}</span>', value.strftime("%Y-%m-%d"),
                               _("超期"))
        return value.strftime("%Y-%m-%d")

    def value(self, value, record):
        return f"{value:%Y-%m-%d}{'（超期）' if record.is_overdue else ''}" if value else ""


class EnforcementCaseTable(BaseTable):
    number = LinkColumn(verbose_name=_("案件编号"), default="（未立案）")
    title = tables.Column(verbose_name=_("案由"))
    enterprise = tables.Column(verbose_name=_("当事企业"), accessor="enterprise__name", order_by="enterprise__name")
    procedure = tables.Column(verbose_name=_("程序"))
    department = tables.Column(verbose_name=_("处罚机关"), accessor="department__name",
                               order_by="department__name")
    state = tables.Column(verbose_name=_("办理状态"))
    filed_on = tables.DateColumn(verbose_name=_("立案日期"), format="Y-m-d")
    due_on = DueColumn(verbose_name=_("当前期限"))
    fines = tables.Column(verbose_name=_("罚款（元）"), accessor="fines", orderable=True)

    class Meta(BaseTable.Meta):
        model = EnforcementCase
        fields = ("number", "title", "enterprise", "procedure", "department", "state", "filed_on", "due_on",
                  "fines")


class MeasureTable(BaseTable):
    kind = LinkColumn(verbose_name=_("措施"))
    date = tables.DateColumn(verbose_name=_("日期"), format="Y-m-d")
    enterprise = tables.Column(verbose_name=_("企业"), accessor="enterprise__name", order_by="enterprise__name")
    department = tables.Column(verbose_name=_("实施单位"), accessor="department__name",
                               order_by="department__name")
    case = tables.Column(verbose_name=_("关联案件"), accessor="case__number", order_by="case__number")
    note = tables.Column(verbose_name=_("情况说明"))

    class Meta(BaseTable.Meta):
        model = Measure
        fields = ("kind", "date", "enterprise", "department", "case", "note")

    def render_kind(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.get_kind_display())


class FineTotalColumn(tables.Column):
    """The amount, with the total of the fines (罚款) of every filtered row, not only the page, in the footer: the
    figure 罚款金额 of the statistics, read off the list it links to."""

    def render_footer(self, bound_column, table):
        from django.db.models import Sum

        from .choices import PenaltyKind

        rows = getattr(table.data, "data", None)
        if rows is None or not hasattr(rows, "aggregate"):
            return ""
        total = rows.filter(kind=PenaltyKind.FINE).aggregate(total=Sum("amount"))["total"] or 0
        return format_html('<span class="fw-semibold" id="penalty-fine-total">{} {}</span>', _("罚款合计（元）"),
                           f"{total:.2f}")


class PenaltyTable(BaseTable):
    case = tables.Column(verbose_name=_("案件编号"), accessor="case__number", order_by="case__number")
    enterprise = tables.Column(verbose_name=_("当事企业"), accessor="case__enterprise__name",
                               order_by="case__enterprise__name")
    kind = tables.Column(verbose_name=_("处罚种类"))
    target = tables.Column(verbose_name=_("处罚对象"))
    amount = FineTotalColumn(verbose_name=_("金额（元）"))
    suspension_days = tables.Column(verbose_name=_("期限（日）"))
    department = tables.Column(verbose_name=_("处罚机关"), accessor="case__department__name",
                               order_by="case__department__name")
    decided_on = tables.DateColumn(verbose_name=_("决定日期"), accessor="case__decided_on", format="Y-m-d",
                                   order_by="case__decided_on")
    state = tables.Column(verbose_name=_("案件状态"), accessor="case__state", order_by="case__state")

    class Meta(BaseTable.Meta):
        model = Penalty
        fields = ("case", "enterprise", "kind", "target", "amount", "suspension_days", "department", "decided_on",
                  "state")

    def render_case(self, value, record):
        return format_html('<a href="{}">{}</a>', record.case.get_absolute_url(), value or _("（未立案）"))

    def value_case(self, value, record):
        return value or ""

    def render_state(self, value, record):
        return record.case.get_state_display()

    def value_state(self, value, record):
        return str(record.case.get_state_display())
