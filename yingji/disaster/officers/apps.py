from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficersConfig(AppConfig):
    name = "yingji.disaster.officers"
    label = "officers"
    verbose_name = _("灾害信息员")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation

        navigation.register("disaster", _("灾害信息员"), "officers:disasterinfoofficer_list",
                            "officers.view_disasterinfoofficer", order=40)
        navigation.register("disaster", _("信息员培训"), "officers:trainingrecord_list",
                            "officers.view_trainingrecord", order=41)
        navigation.register("disaster", _("信息员覆盖情况"), "officers:coverage", "officers.view_disasterinfoofficer",
                            order=42)
        readers = ["sysadmin", "leader", "duty", "disaster_officer", "township", "auditor"]
        for model in ("officers.DisasterInfoOfficer", "officers.TrainingRecord"):
            grant(readers, model, ["view"])
            grant(["sysadmin", "disaster_officer"], model, ["add", "change"])
