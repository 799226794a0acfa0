import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.privacy import mask_id_number, mask_phone
from yingji.platform.core.tables import BaseTable, LinkColumn, MaskedPhoneColumn

from .models import (
    Dispatch,
    Expert,
    Movement,
    RescueTeam,
    Shelter,
    Stock,
    SupplyItem,
    TeamEquipment,
    TeamMember,
    Warehouse,
)


class WarehouseTable(BaseTable):
    name = LinkColumn(verbose_name=_("名称"))
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")
    keeper_phone = MaskedPhoneColumn(verbose_name=_("保管员电话"))

    class Meta(BaseTable.Meta):
        model = Warehouse
        fields = ("name", "kind", "level", "region", "address", "keeper", "keeper_phone", "lon", "lat")


class SupplyItemTable(BaseTable):
    name = LinkColumn(verbose_name=_("物资名称"))

    class Meta(BaseTable.Meta):
        model = SupplyItem
        fields = ("name", "category", "spec", "unit", "shelf_life_days", "maintenance_days")


class StockTable(BaseTable):
    warehouse = tables.Column(verbose_name=_("储备库（点）"), accessor="warehouse__name", order_by="warehouse__name")
    item = tables.Column(verbose_name=_("物资"), accessor="item__name", order_by="item__name")
    batch = tables.Column(verbose_name=_("批次"))
    unit = tables.Column(verbose_name=_("单位"), accessor="item__unit", orderable=False)
    on_hand = tables.Column(verbose_name=_("库存数量"), attrs={"td": {"class": "text-end"}})
    reserved = tables.Column(verbose_name=_("已预留"), attrs={"td": {"class": "text-end"}})
    available = tables.Column(verbose_name=_("可用"), orderable=False, attrs={"td": {"class": "text-end"}})
    expires_on = tables.DateColumn(verbose_name=_("有效期至"), format="Y-m-d")
    next_maintenance_on = tables.DateColumn(verbose_name=_("下次保养"), format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = Stock
        fields = ("warehouse", "item", "batch", "unit", "on_hand", "reserved", "available", "expires_on",
                  "next_maintenance_on")

    def render_item(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def value_item(self, value, record):
        return value


class MovementTable(BaseTable):
    created_at = tables.DateTimeColumn(verbose_name=_("登记时间"), format="Y-m-d H:i", linkify=True)
    warehouse = tables.Column(verbose_name=_("储备库（点）"), accessor="warehouse__name", order_by="warehouse__name")
    item = tables.Column(verbose_name=_("物资"), accessor="item__name", order_by="item__name")
    counterpart = tables.Column(verbose_name=_("对方库（点）"), accessor="counterpart__name", orderable=False)
    actor = tables.Column(verbose_name=_("经办人"), accessor="actor__full_name", orderable=False)

    class Meta(BaseTable.Meta):
        model = Movement
        fields = ("created_at", "occurred_on", "warehouse", "item", "batch", "kind", "quantity", "delta_on_hand",
                  "delta_reserved", "on_hand_after", "counterpart", "borrower", "note", "actor")


class RescueTeamTable(BaseTable):
    name = LinkColumn(verbose_name=_("队伍名称"))
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")
    leader_phone = MaskedPhoneColumn(verbose_name=_("队长电话"))

    class Meta(BaseTable.Meta):
        model = RescueTeam
        fields = ("name", "kind", "region", "specialties", "headcount", "leader", "leader_phone", "status")


class TeamMemberTable(BaseTable):
    """Members' ID numbers and phones masked unless the viewer may see personal data."""

    class Meta(BaseTable.Meta):
        model = TeamMember
        fields = ("name", "role", "id_number", "phone", "skills", "certificates", "first_responder")

    def __init__(self, *args, show_personal=False, **kwargs):
        self.show_personal = show_personal
        super().__init__(*args, **kwargs)

    def render_id_number(self, value):
        return value if self.show_personal else mask_id_number(value)

    def render_phone(self, value):
        return value if self.show_personal else mask_phone(value)


class TeamEquipmentTable(BaseTable):
    class Meta(BaseTable.Meta):
        model = TeamEquipment
        fields = ("kind", "name", "quantity", "plate")


class ExpertTable(BaseTable):
    name = LinkColumn(verbose_name=_("姓名"))
    region = tables.Column(verbose_name=_("所属区划"), accessor="region__name", order_by="region__code")
    phone = MaskedPhoneColumn(verbose_name=_("联系电话"))

    class Meta(BaseTable.Meta):
        model = Expert
        fields = ("name", "field", "title", "organisation", "speciality", "phone", "region")


class ShelterTable(BaseTable):
    name = LinkColumn(verbose_name=_("名称"))
    region = tables.Column(verbose_name=_("所在区划"), accessor="region__name", order_by="region__code")
    manager_phone = MaskedPhoneColumn(verbose_name=_("管理人电话"))

    class Meta(BaseTable.Meta):
        model = Shelter
        fields = ("name", "kind", "level", "region", "capacity", "occupancy", "area_m2", "facilities", "status",
                  "manager", "manager_phone")


class DispatchTable(BaseTable):
    dispatched_at = tables.DateTimeColumn(verbose_name=_("调派时间"), format="Y-m-d H:i", linkify=True)
    target = tables.Column(verbose_name=_("资源"), empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = Dispatch
        fields = ("dispatched_at", "kind", "target", "quantity", "task", "distance_km", "state", "returned_at")

    def render_target(self, record):
        return str(record.team or record.stock or record.shelter)

    def value_target(self, record):
        return self.render_target(record)
