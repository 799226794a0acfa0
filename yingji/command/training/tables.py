import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .models import PublicityActivity, TrainingSession


class OrganiserColumn(tables.Column):
    def __init__(self, **kwargs):
        super().__init__(verbose_name=_("主办单位"), accessor="organiser__name", order_by="organiser__name",
                         empty_values=(), **kwargs)

    def render(self, value, record):
        return record.organiser_label or "—"

    def value(self, value, record):
        return record.organiser_label


class TrainingSessionTable(BaseTable):
    topic = LinkColumn(verbose_name=_("培训主题"))
    held_on = tables.DateColumn(verbose_name=_("培训日期"), format="Y-m-d")
    organiser = OrganiserColumn()
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")

    class Meta(BaseTable.Meta):
        model = TrainingSession
        fields = ("topic", "audience", "mode", "held_on", "hours", "trained", "passed", "certified", "organiser",
                  "region")


class PublicityActivityTable(BaseTable):
    title = LinkColumn(verbose_name=_("活动名称"))
    held_on = tables.DateColumn(verbose_name=_("活动日期"), format="Y-m-d")
    organiser = OrganiserColumn()
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")

    class Meta(BaseTable.Meta):
        model = PublicityActivity
        fields = ("title", "campaign", "venue", "held_on", "organiser", "region", "reached", "materials")
        export_exclude = ()
