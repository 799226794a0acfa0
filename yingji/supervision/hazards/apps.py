from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "yingji.supervision.hazards"
    label = "hazards"
    verbose_name = _("隐患排查治理")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, notifications, search, widgets

        from .filtersets import HazardFilterSet

        search.register("hazards", _("隐患"), HazardFilterSet, "hazards:hazard_list", order=20,
                        select_related=("enterprise", "region"))

        from . import notifications as hazard_notices
        from . import widgets as hazard_widgets

        navigation.register("supervision", _("隐患排查治理"), "hazards:hazard_list", "hazards.view_hazard", order=20)
        grant(["sysadmin", "leader", "enforcement", "township", "department", "duty", "auditor"], "hazards.Hazard",
              ["view"])
        # inspectors, township offices and industry departments register hazards and follow their rectification
        grant(["sysadmin", "enforcement", "township", "department"], "hazards.Hazard", ["add", "change"])
        # 网格员: the hazards of his grid (the region scope), registered on his patrols (来源 网格巡查)
        grant(["grid"], "hazards.Hazard", ["view", "add", "change"])
        grant(["grid"], "hazards.MajorHazardCriterion", ["view"])
        # 验收销号: the bureau's inspectors and leaders, and an industry department for its own enterprises
        grant(["sysadmin", "leader", "enforcement", "department"], "hazards.Hazard", ["approve"])
        # whoever registers or reads hazards reads the 判定标准 items they cite; the administrator keeps them
        grant(["sysadmin", "leader", "enforcement", "township", "department", "duty", "auditor"],
              "hazards.MajorHazardCriterion", ["view"])
        grant(["sysadmin"], "hazards.MajorHazardCriterion", ["add", "change"])
        widgets.register("overdue_hazards", _("逾期未整改隐患"), "supervision/hazards/widget_overdue.html",
                         hazard_widgets.overdue_hazards, perm="hazards.view_hazard", order=20)
        widgets.register("hazards_awaiting_acceptance", _("隐患待验收"), "supervision/hazards/widget_acceptance.html",
                         hazard_widgets.awaiting_acceptance, perm="hazards.approve_hazard", order=15)
        notifications.register("hazards.accept", _("隐患待验收"), hazard_notices.awaiting_acceptance,
                               perm="hazards.approve_hazard", order=10)
        notifications.register("hazards.deadline", _("整改期限"), hazard_notices.deadline_near,
                               perm="hazards.change_hazard", order=20)
        from yingji.supervision.enterprises import sections

        from . import imports, signals  # noqa: F401  (imports: registers the history ledger import)

        signals.connect()
        sections.register("hazards", _("隐患"), hazard_widgets.enterprise_hazards, perm="hazards.view_hazard",
                          order=30)
