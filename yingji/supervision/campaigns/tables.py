import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .models import Campaign


class CampaignTable(BaseTable):
    name = LinkColumn(verbose_name=_("行动名称"))
    region = tables.Column(verbose_name=_("区划"), accessor="region__name", order_by="region__code")
    sectors = tables.Column(verbose_name=_("涉及行业"), orderable=False)

    class Meta(BaseTable.Meta):
        model = Campaign
        fields = ("name", "region", "start_date", "end_date", "sectors")

    def render_sectors(self, record):
        return record.sector_names()

    def value_sectors(self, record):
        return record.sector_names()
