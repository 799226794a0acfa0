from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "yingji.analysis.reports"
    label = "reports"
    verbose_name = _("年度报告")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation

        from . import imports  # noqa: F401  (registers the 基期数据 import)

        navigation.register("analysis", _("年度报告"), "reports:annual", "reports.view_reportnarrative", order=20)
        navigation.register("analysis", _("年度报告文字"), "reports:reportnarrative_list",
                            "reports.view_reportnarrative", order=22)
        # everyone with a region may read the report of what he can see; the bureau's office (sysadmin), the
        # leadership and the township offices write its narrative parts
        grant(["sysadmin", "leader", "enforcement", "duty", "township", "department", "auditor", "disaster_officer"],
              "reports.ReportNarrative", ["view"])
        grant(["sysadmin", "leader", "township"], "reports.ReportNarrative", ["add", "change"])
        # 基期数据: read by whoever reads the report, entered and imported by the bureau's office
        navigation.register("analysis", _("基期数据"), "reports:baselinefigure_list", "reports.view_baselinefigure",
                            order=24)
        grant(["sysadmin", "leader", "enforcement", "duty", "township", "department", "auditor", "disaster_officer"],
              "reports.BaselineFigure", ["view"])
        grant(["sysadmin"], "reports.BaselineFigure", ["add", "change"])
