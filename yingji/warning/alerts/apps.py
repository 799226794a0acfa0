from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "yingji.warning.alerts"
    label = "alerts"
    verbose_name = _("预警信息")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from . import widgets as alert_widgets

        navigation.register("warning", _("预警信息"), "alerts:warning_list", "alerts.view_warning", order=10)
        navigation.register("warning", _("接收上级预警"), "alerts:warning_receive", "alerts.forward_warning",
                            order=12)
        grant(["sysadmin", "leader", "duty", "enforcement", "disaster_officer", "township", "department", "auditor"],
              "alerts.Warning", ["view"])
        # 起草 and 修改 of drafts: the duty officers and the leaders (a township office drafts for its township)
        grant(["sysadmin", "leader", "duty", "township"], "alerts.Warning", ["add", "change"])
        grant(["sysadmin", "leader"], "alerts.Warning", ["review", "sign"])
        grant(["sysadmin", "leader", "duty"], "alerts.Warning", ["publish", "forward"])
        grant(["sysadmin", "leader", "duty", "enforcement", "disaster_officer", "township", "department", "auditor"],
              "alerts.DefenceGuide", ["view"])
        grant(["sysadmin"], "alerts.DefenceGuide", ["add", "change"])
        from yingji.platform.core import notifications

        from . import notifications as alert_notices

        notifications.register("alerts.due", _("预警待办"), alert_notices.warnings_due, perm="alerts.view_warning",
                               order=5)
        widgets.register("warnings_due", _("待办预警"), "alerts/widget_due.html", alert_widgets.warnings_due,
                         perm="alerts.view_warning", order=5)
