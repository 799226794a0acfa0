from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapConfig(AppConfig):
    name = "yingji.analysis.map"
    label = "map"
    verbose_name = _("一张图")
