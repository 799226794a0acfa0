from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

RECORDS = ["Warehouse", "SupplyItem", "RescueTeam", "Expert", "Shelter"]
EVERYONE = ["sysadmin", "leader", "duty", "enforcement", "disaster_officer", "township", "department", "auditor"]
KEEPERS = ["sysadmin", "duty", "disaster_officer", "township"]


class ResourcesConfig(AppConfig):
    name = "yingji.command.resources"
    label = "resources"
    verbose_name = _("应急资源")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from . import imports  # noqa: F401  (registers the 库存台账 import)
        from . import widgets as resource_widgets

        for model in [*RECORDS, "Stock", "Movement", "Dispatch"]:
            grant(EVERYONE, f"resources.{model}", ["view"])
        # the bureau's duty room and disaster officers and the township offices keep the resources and the ledger
        for model in RECORDS:
            grant(KEEPERS, f"resources.{model}", ["add", "change"])
        grant(KEEPERS, "resources.Movement", ["add"])
        # dispatch: the duty room, its leaders and the disaster officers send resources
        grant(["sysadmin", "leader", "duty", "disaster_officer"], "resources.Dispatch", ["add", "change"])

        navigation.register("command", _("资源调派"), "resources:dispatch_add", "resources.add_dispatch", order=40)
        navigation.register("command", _("应急物资库存"), "resources:stock_list", "resources.view_stock", order=41)
        navigation.register("command", _("出入库记录"), "resources:movement_list", "resources.view_movement", order=42)
        navigation.register("command", _("储备库（点）"), "resources:warehouse_list", "resources.view_warehouse",
                            order=43)
        navigation.register("command", _("物资目录"), "resources:supplyitem_list", "resources.view_supplyitem", order=44)
        navigation.register("command", _("救援队伍"), "resources:rescueteam_list", "resources.view_rescueteam", order=45)
        navigation.register("command", _("专家库"), "resources:expert_list", "resources.view_expert", order=46)
        navigation.register("command", _("应急避难场所"), "resources:shelter_list", "resources.view_shelter", order=47)
        navigation.register("command", _("调派记录"), "resources:dispatch_list", "resources.view_dispatch", order=48)
        widgets.register("stock_due", _("物资到期与保养提醒"), "command/resources/widget_due.html",
                         resource_widgets.stock_due, perm="resources.view_stock", order=45)
        widgets.register("resources_ready", _("应急资源待命情况"), "command/resources/widget_ready.html",
                         resource_widgets.resources_ready, perm="resources.view_rescueteam", order=46)
