from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "yingji.supervision.inspections"
    label = "inspections"
    verbose_name = _("监督检查")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from .widgets import inspections_due

        nav = [
            (_("监督检查记录"), "inspections:inspection_list", "inspections.view_inspection", 20),
            (_("督导检查"), "inspections:supervisionvisit_list", "inspections.view_supervisionvisit", 27),
            (_("督导通报"), "inspections:supervisionnotice_list", "inspections.view_supervisionnotice", 27),
            (_("检查表"), "inspections:checklisttemplate_list", "inspections.view_checklisttemplate", 28),
            (_("执法证"), "inspections:inspectorcertificate_list", "inspections.view_inspectorcertificate", 29),
        ]
        for label, url_name, perm, order in nav:
            navigation.register("supervision", label, url_name, perm, order=order)
        navigation.register("analysis", _("监督检查统计"), "inspections:inspection_stats", "inspections.view_inspection",
                            order=30)
        widgets.register("inspections_due", _("检查任务"), "inspections/widget_due.html", inspections_due,
                         perm="inspections.add_inspection", order=18)
        from yingji.platform.core import notifications

        from . import notifications as inspection_notices

        notifications.register("inspections.review", _("检查记录待审核"), inspection_notices.awaiting_review,
                               perm="inspections.approve_inspection", order=40)
        from yingji.supervision.enterprises import sections

        from .widgets import enterprise_inspections

        sections.register("inspections", _("监督检查记录"), enterprise_inspections,
                          perm="inspections.view_inspection", order=35)

        viewers = ["sysadmin", "leader", "enforcement", "township", "department", "duty", "auditor"]
        # inspection records: the bureau's officers and the township offices (督导 and their own township's
        # inspections; the region scope keeps a township officer inside his township)
        for model in ("inspections.Inspection", "inspections.InspectionPhoto"):
            grant(viewers, model, ["view"])
            grant(["sysadmin", "enforcement", "township"], model, ["add", "change"])
        grant(["sysadmin", "leader"], "inspections.Inspection", ["approve"])
        # the inspector register and the checklists are kept by the administrator
        grant(["sysadmin", "leader", "enforcement", "auditor"], "inspections.InspectorCertificate", ["view"])
        grant(["sysadmin"], "inspections.InspectorCertificate", ["add", "change"])
        # supervision of townships and departments: by the bureau; a township office sees the visits to its township
        # and an industry department those to itself (region and department scope); notices follow the region scope
        for model in ("inspections.SupervisionVisit", "inspections.SupervisionNotice"):
            grant(viewers, model, ["view"])
            grant(["sysadmin", "enforcement"], model, ["add", "change"])
        grant(viewers, "inspections.ChecklistTemplate", ["view"])
        grant(["sysadmin"], "inspections.ChecklistTemplate", ["add", "change"])
        from . import imports  # noqa: F401
