from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseConfig(AppConfig):
    name = "yingji.warning.response"
    label = "response"
    verbose_name = _("应急响应")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from . import widgets as response_widgets

        navigation.register("warning", _("应急响应"), "response:emergencyresponse_list",
                            "response.view_emergencyresponse", order=30)
        navigation.register("warning", _("临灾预报提示"), "response:forecaststep_list", "response.view_forecaststep",
                            order=32)
        readers = ["sysadmin", "leader", "duty", "enforcement", "disaster_officer", "township", "department",
                   "auditor"]
        for model in ("EmergencyResponse", "ForecastStep", "ResponseTask", "ResponseActionRule", "ForecastRule"):
            grant(readers, f"response.{model}", ["view"])
        grant(["sysadmin", "leader", "duty"], "response.EmergencyResponse", ["add", "change", "decide"])
        grant(["sysadmin", "leader", "duty"], "response.ForecastStep", ["change"])
        # the units' liaisons (duty officers, township offices, departments) record what is done
        grant(["sysadmin", "leader", "duty", "township", "department"], "response.ResponseTask", ["change"])
        grant(["sysadmin"], "response.ResponseActionRule", ["add", "change"])
        grant(["sysadmin"], "response.ForecastRule", ["add", "change"])
        widgets.register("responses_active", _("应急响应"), "response/widget_active.html",
                         response_widgets.active_responses, perm="response.view_emergencyresponse", order=6)
