import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .choices import FindingState
from .models import Drill, DrillFinding, Plan, PlanVersion


class PlanTable(BaseTable):
    name = LinkColumn(verbose_name=_("预案名称"))
    kind = tables.Column(verbose_name=_("类别"))
    owner = tables.Column(verbose_name=_("编制单位"), accessor="owner__name", order_by="owner__name",
                          empty_values=())
    region = tables.Column(verbose_name=_("适用区划"), accessor="region__name", order_by="region__code")
    issued_on = tables.DateColumn(verbose_name=_("发布日期"), format="Y-m-d")
    drill_due = tables.DateColumn(verbose_name=_("下次演练期限"), format="Y-m-d")
    evaluation_due = tables.DateColumn(verbose_name=_("下次评估期限"), format="Y-m-d")
    filing_state = tables.Column(verbose_name=_("备案状态"))

    class Meta(BaseTable.Meta):
        model = Plan
        fields = ("name", "kind", "enterprise_part", "event_type", "owner", "region", "document_no", "issued_on",
                  "last_evaluated_on", "drill_due", "evaluation_due", "filing_state")

    def render_owner(self, value, record):
        return record.owner_label or "—"

    def value_owner(self, value, record):
        return record.owner_label

    # a DateColumn renders None too (its empty_values is ()): an abolished or voided plan, or one whose kind has no
    # cycle rule, has no due date and shows the empty mark (the list answered 500 for it)
    def render_drill_due(self, value, record):
        if value is None:
            return "—"
        if record.drill_overdue:
            return format_html('<span class="text-danger fw-bold">{} {}</span>', value.strftime("%Y-%m-%d"), _("逾期"))
        return value.strftime("%Y-%m-%d")

    def render_evaluation_due(self, value, record):
        if value is None:
            return "—"
        if record.evaluation_overdue:
            return format_html('<span class="text-danger fw-bold">{} {}</span>', value.strftime("%Y-%m-%d"), _("逾期"))
        return value.strftime("%Y-%m-%d")


class PlanVersionTable(BaseTable):
    label = tables.Column(verbose_name=_("版本"))
    issued_on = tables.DateColumn(verbose_name=_("发布日期"), format="Y-m-d")
    file = tables.Column(verbose_name=_("预案文本"), orderable=False)

    class Meta(BaseTable.Meta):
        model = PlanVersion
        fields = ("label", "issued_on", "document_no", "reason", "summary", "file", "uploaded_by")

    def render_file(self, value, record):
        from django.urls import reverse

        return format_html('<a href="{}">{}</a>', reverse("plans:planversion_file", args=[record.pk]), _("下载"))


class DrillTable(BaseTable):
    name = LinkColumn(verbose_name=_("演练名称"))
    held_on = tables.DateColumn(verbose_name=_("演练日期"), format="Y-m-d")
    organiser = tables.Column(verbose_name=_("组织单位"), accessor="organiser__name", order_by="organiser__name",
                              empty_values=())
    region = tables.Column(verbose_name=_("地点"), accessor="region__name", order_by="region__code")
    participants = tables.Column(verbose_name=_("参演人数"))

    class Meta(BaseTable.Meta):
        model = Drill
        fields = ("name", "held_on", "kind", "organiser", "region", "participants")

    def render_organiser(self, value, record):
        return record.organiser_label or "—"

    def value_organiser(self, value, record):
        return record.organiser_label


class DrillFindingTable(BaseTable):
    text = LinkColumn(verbose_name=_("发现的问题"))
    drill = tables.Column(verbose_name=_("应急演练"), accessor="drill__name", order_by="drill__held_on")
    plan = tables.Column(verbose_name=_("涉及预案"), accessor="plan__name", order_by="plan__name")
    state = tables.Column(verbose_name=_("状态"))
    closed_on = tables.DateColumn(verbose_name=_("关闭日期"), format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = DrillFinding
        fields = ("text", "drill", "plan", "responsible", "state", "closed_on")

    def render_state(self, value, record):
        css = "text-bg-warning" if record.state == FindingState.OPEN else "text-bg-success"
        return format_html('<span class="badge {}">{}</span>', css, value)
