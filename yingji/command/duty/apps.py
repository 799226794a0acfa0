from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "yingji.command.duty"
    label = "duty"
    verbose_name = _("应急值守")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import oncall

        from .services import on_duty

        oncall.provide(on_duty)
        readers = ["sysadmin", "leader", "duty", "township", "department", "auditor", "disaster_officer",
                   "enforcement"]
        for model in ("duty.DutyPost", "duty.Shift", "duty.DutyChange", "duty.Handover", "duty.DutyLog"):
            grant(readers, model, ["view"])
        grant(["sysadmin"], "duty.DutyPost", ["add", "change"])
        grant(["sysadmin", "leader", "duty"], "duty.Shift", ["add", "change"])
        grant(["sysadmin", "leader", "duty", "township"], "duty.Handover", ["add"])
        grant(["sysadmin", "leader", "duty", "township"], "duty.DutyLog", ["add", "change"])
