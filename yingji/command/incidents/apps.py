from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "yingji.command.incidents"
    label = "incidents"
    verbose_name = _("突发事件接报")

    def ready(self):
        from yingji.platform.accounts.roles import grant

        readers = ["sysadmin", "leader", "duty", "township", "department", "auditor", "disaster_officer",
                   "enforcement"]
        writers = ["sysadmin", "duty", "township"]
        for model in ("incidents.Incident", "incidents.IncidentReport"):
            grant(readers, model, ["view"])
            grant(writers, model, ["add", "change"])
        grant(readers, "incidents.ReportDeadline", ["view"])
        grant(readers, "incidents.TimelineEntry", ["view"])
        grant(writers, "incidents.TimelineEntry", ["add"])
        grant(readers, "incidents.ReportingRule", ["view"])
        grant(["sysadmin"], "incidents.ReportingRule", ["add", "change"])
