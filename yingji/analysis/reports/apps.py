from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "yingji.analysis.reports"
    label = "reports"
    verbose_name = _("年度报告")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation

        navigation.register("analysis", _("年度报告"), "reports:annual", "reports.view_reportnarrative", order=20)
        navigation.register("analysis", _("年度报告文字"), "reports:reportnarrative_list",
                            "reports.view_reportnarrative", order=22)
        # everyone with a region may read the report of what he can see; the bureau's office (sysadmin), the
        # leadership and the township offices write its narrative parts
        grant(["sysadmin", "leader", "enforcement", "duty", "township", "department", "auditor", "disaster_officer"],
              "reports.ReportNarrative", ["view"])
        grant(["sysadmin", "leader", "township"], "reports.ReportNarrative", ["add", "change"])
