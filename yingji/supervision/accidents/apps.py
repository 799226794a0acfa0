from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccidentsConfig(AppConfig):
    name = "yingji.supervision.accidents"
    label = "accidents"
    verbose_name = _("生产安全事故")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, search, widgets

        from .filtersets import AccidentFilterSet

        search.register("accidents", _("生产安全事故"), AccidentFilterSet, "accidents:accident_list", order=40,
                        select_related=("region",))

        from . import imports  # noqa: F401  (registers the accident ledger import)
        from . import widgets as accident_widgets

        navigation.register("supervision", _("生产安全事故"), "accidents:accident_list", "accidents.view_accident",
                            order=50)
        navigation.register("supervision", _("事故报告"), "accidents:accidentreport_list",
                            "accidents.view_accidentreport", order=51)
        navigation.register("supervision", _("事故调查"), "accidents:accidentinvestigation_list",
                            "accidents.view_accidentinvestigation", order=52)
        navigation.register("analysis", _("事故统计"), "accidents:accident_stats", "accidents.view_accident",
                            order=10)
        widgets.register("accident_duties", _("事故报告待办"), "accidents/widget_duties.html",
                         accident_widgets.accident_duties, perm="accidents.view_accident", order=25)
        readers = ["sysadmin", "leader", "duty", "enforcement", "township", "department", "auditor"]
        writers = ["sysadmin", "duty", "enforcement", "township"]
        for model in ("accidents.Accident", "accidents.AccidentReport"):
            grant(readers, model, ["view"])
            grant(writers, model, ["add", "change"])
        # investigations are county business: the township office reads them
        grant(readers, "accidents.AccidentInvestigation", ["view"])
        grant(["sysadmin", "enforcement"], "accidents.AccidentInvestigation", ["add", "change"])
        # the rules the grades and deadlines come from (系统管理 → 规则配置): read by the readers, kept by the admin
        for model in ("accidents.AccidentGradeRule", "accidents.ReportingRule"):
            grant(readers, model, ["view"])
            grant(["sysadmin"], model, ["add", "change"])
