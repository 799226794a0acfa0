from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "yingji.command.incidents"
    label = "incidents"
    verbose_name = _("突发事件接报")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from . import widgets as incident_widgets

        navigation.register("command", _("突发事件"), "incidents:incident_list", "incidents.view_incident", order=20)
        navigation.register("command", _("信息报送"), "incidents:incidentreport_list",
                            "incidents.view_incidentreport", order=21)
        navigation.register("analysis", _("突发事件统计"), "incidents:incident_stats", "incidents.view_incident",
                            order=30)
        widgets.register("incidents_due", _("待报送的突发事件信息"), "incidents/widget_due.html",
                         incident_widgets.reports_due, perm="incidents.view_reportdeadline", order=6)

        readers = ["sysadmin", "leader", "duty", "township", "department", "auditor", "disaster_officer",
                   "enforcement"]
        writers = ["sysadmin", "duty", "township"]
        for model in ("incidents.Incident", "incidents.IncidentReport"):
            grant(readers, model, ["view"])
            grant(writers, model, ["add", "change"])
        grant(readers, "incidents.ReportDeadline", ["view"])
        grant(readers, "incidents.TimelineEntry", ["view"])
        grant(writers, "incidents.TimelineEntry", ["add"])
        grant(readers, "incidents.IncidentReportingRule", ["view"])
        grant(["sysadmin"], "incidents.IncidentReportingRule", ["add", "change"])
