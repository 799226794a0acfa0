from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "yingji.supervision.enforcement"
    label = "enforcement"
    verbose_name = _("行政执法")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, search

        from . import imports  # noqa: F401  (registers the case ledger import)
        from .filtersets import EnforcementCaseFilterSet

        search.register("enforcement", _("执法案件"), EnforcementCaseFilterSet, "enforcement:enforcementcase_list",
                        order=30, select_related=("region",))

        navigation.register("supervision", _("执法案件"), "enforcement:enforcementcase_list",
                            "enforcement.view_enforcementcase", order=40)
        navigation.register("supervision", _("行政处罚"), "enforcement:penalty_list",
                            "enforcement.view_penalty", order=41)
        navigation.register("supervision", _("约谈曝光等措施"), "enforcement:measure_list",
                            "enforcement.view_measure", order=42)
        navigation.register("supervision", _("执法统计"), "enforcement:enforcement_stats",
                            "enforcement.view_enforcementcase", order=43, internal=True)
        for model in ("enforcement.EnforcementCase", "enforcement.Measure"):
            grant(["sysadmin", "leader", "enforcement", "township", "department", "auditor"], model, ["view"])
            grant(["sysadmin", "enforcement"], model, ["add", "change"])
        # penalties are read in the 行政处罚 list by whoever may read the cases; they are added through the case
        grant(["sysadmin", "leader", "enforcement", "township", "department", "auditor"], "enforcement.Penalty",
              ["view"])
        # 案卷评查 is the leaders' (法制审核) review of closed cases; the bureau's readers of cases read it too
        grant(["sysadmin", "leader", "enforcement", "township", "department", "auditor"], "enforcement.CaseReview",
              ["view"])
        grant(["sysadmin", "leader"], "enforcement.EnforcementCase", ["approve"])
        # the time limits (系统管理 → 规则配置): read by whoever reads cases, kept by the administrator
        grant(["sysadmin", "leader", "enforcement", "township", "department", "auditor"], "enforcement.TimeLimitRule",
              ["view"])
        grant(["sysadmin"], "enforcement.TimeLimitRule", ["add", "change"])

        from yingji.platform.core import widgets as home
        from yingji.supervision.enterprises import sections

        from . import measure_imports, widgets  # noqa: F401  (measure_imports: registers the measure ledger)

        home.register("enforcement_overdue", _("超期执法案件"), "enforcement/widget_overdue.html",
                      widgets.overdue_cases, perm="enforcement.view_enforcementcase", order=35)
        sections.register("enforcement", _("执法案件"), widgets.enterprise_cases,
                          perm="enforcement.view_enforcementcase", order=40)
        sections.register("enforcement_measures", _("约谈、曝光等措施"), widgets.enterprise_measures,
                          perm="enforcement.view_measure", order=42)

        # a change of the holiday calendar moves the stored limits counted in working days (送达)
        from yingji.platform.workdays.services import calendar_changed

        from . import services

        calendar_changed.connect(services.calendar_changed, dispatch_uid="enforcement_working_day_dues")
        # and after migrate (the calendar's seed, a database upgraded from the Monday–Friday count)
        from django.db.models.signals import post_migrate

        post_migrate.connect(services.refresh_dues_after_migrate, sender=self,
                             dispatch_uid="enforcement_working_day_dues_migrate")
