from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrawsConfig(AppConfig):
    """双随机抽查, split out of inspections (issue 8); its tables keep their inspections_ names."""

    name = "yingji.supervision.draws"
    label = "draws"
    verbose_name = _("双随机抽查")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, notifications

        from .notifications import draw_tasks

        navigation.register("supervision", _("双随机抽查"), "draws:draw_list", "draws.view_draw", order=22)
        # the registry key keeps its first name, so that users' read marks stay valid
        notifications.register("inspections.draw", _("双随机检查任务"), draw_tasks,
                               perm="inspections.add_inspection", order=30)
        # the bureau's; the leader confirms a draw for publication (一公开)
        grant(["sysadmin", "leader", "enforcement", "auditor"], "draws.Draw", ["view"])
        grant(["sysadmin", "enforcement"], "draws.Draw", ["add", "change"])
        grant(["sysadmin", "leader"], "draws.Draw", ["approve"])
