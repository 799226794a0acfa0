import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .models import Region


class RegionTable(BaseTable):
    code = tables.Column(verbose_name=_("区划代码"))
    name = LinkColumn(verbose_name=_("名称"))
    level = tables.Column(verbose_name=_("级别"))
    parent = tables.Column(verbose_name=_("上级区划"), accessor="parent__name", order_by="parent__code")
    valid_to = tables.Column(verbose_name=_("停用日期"))

    class Meta(BaseTable.Meta):
        model = Region
        fields = ("code", "name", "level", "parent", "valid_from", "valid_to")
