from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionPlansConfig(AppConfig):
    """年度监督检查计划, split out of inspections (issue 8); its tables keep their inspections_ names. The label
    `plans` is 应急预案's (yingji.command.plans)."""

    name = "yingji.supervision.inspection_plans"
    label = "inspection_plans"
    verbose_name = _("年度检查计划")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from .widgets import plan_widget

        navigation.register("supervision", _("年度检查计划"), "inspection_plans:inspectionplan_list",
                            "inspection_plans.view_inspectionplan", order=24)
        # the widget keeps its key, so that users' home-page choices stay valid
        widgets.register("inspection_plan", _("年度监督检查计划进度"), "inspection_plans/widget_plan.html",
                         plan_widget, perm="inspection_plans.view_inspectionplan", order=25)
        # the annual plan: the bureau's
        grant(["sysadmin", "leader", "enforcement", "auditor"], "inspection_plans.InspectionPlan", ["view"])
        grant(["sysadmin", "enforcement"], "inspection_plans.InspectionPlan", ["add", "change"])
        # 检查频次标准 (系统管理 → 规则配置): read by whoever reads the plans, kept by the administrator
        grant(["sysadmin", "leader", "enforcement", "auditor"], "inspection_plans.FrequencyRule", ["view"])
        grant(["sysadmin"], "inspection_plans.FrequencyRule", ["add", "change"])
