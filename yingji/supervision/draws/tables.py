import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn

from .models import Draw


class DrawTable(BaseTable):
    title = LinkColumn(verbose_name=_("抽查名称"))
    region = tables.Column(verbose_name=_("抽查区划"), accessor="region__name", order_by="region__code")
    seed = tables.Column(verbose_name=_("随机种子"))

    class Meta(BaseTable.Meta):
        model = Draw
        fields = ("drawn_on", "title", "region", "status", "seed")
