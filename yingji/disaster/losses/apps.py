from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LossesConfig(AppConfig):
    name = "yingji.disaster.losses"
    label = "losses"
    verbose_name = _("自然灾害灾情")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from . import imports  # noqa: F401  (registers the loss report ledger import)
        from . import widgets as loss_widgets

        navigation.register("disaster", _("自然灾害事件"), "losses:disasterevent_list", "losses.view_disasterevent",
                            order=10)
        navigation.register("disaster", _("灾情报告"), "losses:lossreport_list", "losses.view_lossreport", order=20)
        navigation.register("analysis", _("灾情统计"), "losses:disaster_stats", "losses.view_disasterevent", order=20)
        widgets.register("loss_report_duties", _("灾情报送待办"), "losses/widget_duties.html",
                         loss_widgets.loss_report_duties, perm="losses.add_lossreport", order=26)
        readers = ["sysadmin", "leader", "duty", "disaster_officer", "township", "department", "auditor"]
        grant(readers, "losses.DisasterEvent", ["view"])
        grant(["sysadmin", "duty"], "losses.DisasterEvent", ["add", "change"])
        grant(readers, "losses.LossReport", ["view"])
        grant(["sysadmin", "duty", "disaster_officer", "township"], "losses.LossReport", ["add", "change"])
        grant(readers, "losses.LossReportingRule", ["view"])
        grant(["sysadmin"], "losses.LossReportingRule", ["add", "change"])
