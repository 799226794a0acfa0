from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "yingji.command.resources"
    label = "resources"
    verbose_name = _("应急资源")
