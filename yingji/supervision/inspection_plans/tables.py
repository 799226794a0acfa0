import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .models import InspectionPlan


class InspectionPlanTable(BaseTable):
    name = LinkColumn(verbose_name=_("计划名称"))
    region = tables.Column(verbose_name=_("区划"), accessor="region__name", order_by="region__code")

    class Meta(BaseTable.Meta):
        model = InspectionPlan
        fields = ("year", "name", "region")
