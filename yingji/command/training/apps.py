from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "yingji.command.training"
    label = "training"
    verbose_name = _("宣传培训")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation

        from . import imports  # noqa: F401  (registers the ledger imports)

        navigation.register("command", _("培训"), "training:trainingsession_list", "training.view_trainingsession",
                            order=60)
        navigation.register("command", _("宣传活动"), "training:publicityactivity_list",
                            "training.view_publicityactivity", order=61)
        readers = ["sysadmin", "leader", "duty", "enforcement", "disaster_officer", "township", "department",
                   "auditor"]
        writers = ["sysadmin", "enforcement", "disaster_officer", "township", "department"]
        for model in ("training.TrainingSession", "training.PublicityActivity"):
            grant(readers, model, ["view"])
            grant(writers, model, ["add", "change"])
