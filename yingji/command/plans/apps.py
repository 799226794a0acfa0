from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "yingji.command.plans"
    label = "plans"
    verbose_name = _("应急预案与演练")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, planlevels, widgets

        from . import services, signals
        from . import widgets as plan_widgets

        navigation.register("command", _("应急预案"), "plans:plan_list", "plans.view_plan", order=50)
        navigation.register("command", _("应急演练"), "plans:drill_list", "plans.view_drill", order=51)
        navigation.register("command", _("演练发现问题"), "plans:drillfinding_list", "plans.view_drillfinding",
                            order=52)
        readers = ["sysadmin", "leader", "duty", "enforcement", "disaster_officer", "township", "department",
                   "auditor"]
        writers = ["sysadmin", "duty", "enforcement", "disaster_officer", "township", "department"]
        for model in ("plans.Plan", "plans.Drill", "plans.DrillFinding"):
            grant(readers, model, ["view"])
            grant(writers, model, ["add", "change"])
        # a plan's texts and a drill's photos are read by whoever reads the plan or the drill
        grant(readers, "plans.PlanVersion", ["view"])
        grant(readers, "plans.DrillPhoto", ["view"])
        # 企业预案备案: the bureau's 受理 and 备案
        grant(["sysadmin", "leader", "enforcement"], "plans.Plan", ["approve"])
        grant(readers, "plans.PlanCycleRule", ["view"])
        grant(["sysadmin"], "plans.PlanCycleRule", ["add", "change"])
        widgets.register("plans_due", _("预案演练与评估到期"), "plans/widget_due.html", plan_widgets.plans_due,
                         perm="plans.view_plan", order=40)
        planlevels.provide(services.provided_levels)
        signals.connect()
