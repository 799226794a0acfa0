import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .models import (
    ChecklistTemplate,
    Inspection,
    InspectorCertificate,
    SupervisionNotice,
    SupervisionVisit,
)


class InspectionTable(BaseTable):
    inspected_on = LinkColumn(verbose_name=_("检查日期"))
    enterprise = tables.Column(verbose_name=_("被检查单位"), accessor="enterprise__name", order_by="enterprise__name")
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")
    sector = tables.Column(verbose_name=_("行业类别"), accessor="enterprise__sector", order_by="enterprise__sector")
    kind = tables.Column(verbose_name=_("检查方式"))
    inspectors = tables.Column(verbose_name=_("检查人员"), accessor="pk", orderable=False)
    campaign = tables.Column(verbose_name=_("专项行动"), accessor="campaign__name", order_by="campaign__name")
    rectify_deadline = tables.Column(verbose_name=_("整改期限"))

    class Meta(BaseTable.Meta):
        model = Inspection
        fields = ("inspected_on", "enterprise", "region", "sector", "kind", "inspectors", "campaign",
                  "rectify_deadline")

    def render_sector(self, record):
        return record.enterprise.get_sector_display()

    def value_sector(self, record):
        return record.enterprise.get_sector_display()

    def render_inspectors(self, record):
        return "、".join(str(u) for u in record.inspectors.all())

    def value_inspectors(self, record):
        return self.render_inspectors(record)




class InspectorCertificateTable(BaseTable):
    user = tables.Column(verbose_name=_("执法人员"), accessor="user", order_by="user__username")
    certificate_no = LinkColumn(verbose_name=_("执法证号"))

    class Meta(BaseTable.Meta):
        model = InspectorCertificate
        fields = ("user", "certificate_no", "issued_by", "valid_from", "valid_until")


class ChecklistTemplateTable(BaseTable):
    name = LinkColumn(verbose_name=_("检查表名称"))
    items = tables.Column(verbose_name=_("检查项数"), accessor="item_count", orderable=False)

    class Meta(BaseTable.Meta):
        model = ChecklistTemplate
        fields = ("name", "sector", "items")


class SupervisionVisitTable(BaseTable):
    visited_on = LinkColumn(verbose_name=_("督导日期"))
    organisation = tables.Column(verbose_name=_("被督导单位"), accessor="organisation__name",
                                 order_by="organisation__name")
    team = tables.Column(verbose_name=_("督导组成员"), accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = SupervisionVisit
        fields = ("visited_on", "target_kind", "organisation", "subject", "team", "rectify_deadline")

    def render_team(self, record):
        return "、".join(str(u) for u in record.team.all())

    def value_team(self, record):
        return self.render_team(record)


class SupervisionNoticeTable(BaseTable):
    title = LinkColumn(verbose_name=_("通报标题"))

    class Meta(BaseTable.Meta):
        model = SupervisionNotice
        fields = ("issued_on", "document_no", "title")
