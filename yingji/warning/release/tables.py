import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, LinkColumn, MaskedPhoneColumn

from .models import Group, Recipient, Release, Ward


class RecipientTable(BaseTable):
    name = LinkColumn(verbose_name=_("姓名"))
    phone = MaskedPhoneColumn(verbose_name=_("联系电话"), orderable=False)
    duty = tables.Column(verbose_name=_("职责"))
    position = tables.Column(verbose_name=_("单位职务"))
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")

    class Meta(BaseTable.Meta):
        model = Recipient
        fields = ("name", "phone", "duty", "position", "region")


class GroupTable(BaseTable):
    name = LinkColumn(verbose_name=_("分组名称"))
    region = tables.Column(verbose_name=_("所属区划"), accessor="region__name", order_by="region__code")
    description = tables.Column(verbose_name=_("说明"))

    class Meta(BaseTable.Meta):
        model = Group
        fields = ("name", "region", "description")


class WardTable(BaseTable):
    kind = tables.Column(verbose_name=_("类别"), linkify=True)
    name = tables.Column(verbose_name=_("姓名（户主）"))
    phone = MaskedPhoneColumn(verbose_name=_("联系电话"), orderable=False)
    people = tables.Column(verbose_name=_("人数"))
    region = tables.Column(verbose_name=_("所在村（社区）"), accessor="region__name", order_by="region__code")
    guardian = tables.Column(verbose_name=_("包保责任人"), accessor="guardian__name", order_by="guardian__name")

    class Meta(BaseTable.Meta):
        model = Ward
        fields = ("kind", "name", "phone", "people", "region", "guardian")

    def render_name(self, value):
        from yingji.platform.core.privacy import mask_name

        return mask_name(value)

    def value_name(self, value):
        from yingji.platform.core.privacy import mask_name

        return mask_name(value)


class ReleaseTable(BaseTable):
    title = LinkColumn(verbose_name=_("标题"))
    level = tables.Column(verbose_name=_("级别"))
    status = tables.Column(verbose_name=_("状态"))
    recipient_count = tables.Column(verbose_name=_("接收人数"))
    confirm_required = tables.BooleanColumn(verbose_name=_("须叫应"))
    created_at = tables.DateTimeColumn(verbose_name=_("发起时间"), format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = Release
        fields = ("title", "level", "status", "recipient_count", "confirm_required", "created_at")
