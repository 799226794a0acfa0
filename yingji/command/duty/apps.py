from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "yingji.command.duty"
    label = "duty"
    verbose_name = _("应急值守")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, oncall, widgets

        from . import widgets as duty_widgets
        from .services import on_duty

        oncall.provide(on_duty)
        navigation.register("command", _("值班台"), "duty:home", "duty.view_shift", order=10)
        navigation.register("command", _("排班表"), "duty:roster", "duty.view_shift", order=11)
        navigation.register("command", _("值班日志"), "duty:dutylog_list", "duty.view_dutylog", order=12)
        navigation.register("command", _("交接班"), "duty:handover_list", "duty.view_handover", order=13)
        navigation.register("command", _("值班岗位"), "duty:dutypost_list", "duty.view_dutypost", order=14)
        widgets.register("on_duty", _("今日值班（带班领导）"), "duty/widget_on_duty.html", duty_widgets.on_duty_card,
                         perm="duty.view_shift", order=5)
        readers = ["sysadmin", "leader", "duty", "township", "department", "auditor", "disaster_officer",
                   "enforcement"]
        for model in ("duty.DutyPost", "duty.Shift", "duty.DutyChange", "duty.Handover", "duty.DutyLog"):
            grant(readers, model, ["view"])
        grant(["sysadmin"], "duty.DutyPost", ["add", "change"])
        grant(["sysadmin", "leader", "duty"], "duty.Shift", ["add", "change"])
        grant(["sysadmin", "leader", "duty", "township"], "duty.Handover", ["add"])
        grant(["sysadmin", "leader", "duty", "township"], "duty.DutyLog", ["add", "change"])
