from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleaseConfig(AppConfig):
    name = "yingji.warning.release"
    label = "release"
    verbose_name = _("预警发布与叫应")
