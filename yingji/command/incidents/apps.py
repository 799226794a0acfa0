from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "yingji.command.incidents"
    label = "incidents"
    verbose_name = _("突发事件接报")
