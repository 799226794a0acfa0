from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "yingji.analysis.dashboard"
    label = "dashboard"
    verbose_name = _("安全监管统计")

    def ready(self):
        from yingji.platform.core import navigation, widgets

        from .widgets import headline, is_leader

        # the dashboard holds no records: whoever may view enterprises sees the figures of each module he may view
        navigation.register("analysis", _("安全监管统计"), "dashboard:supervision", "enterprises.view_enterprise",
                            order=5)
        # the leader's 工作台 opens with the year's headline figures and their 同比
        widgets.register("headline", _("本年主要指标（同比）"), "dashboard/widget_headline.html", headline,
                         perm=is_leader, order=-10)
