from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "yingji.platform.regions"
    label = "regions"
    verbose_name = _("行政区划")

    def ready(self):
        from yingji.platform.core import navigation

        navigation.register("system", _("行政区划"), "regions:region_list", "regions.view_region", order=10)
        from . import imports  # noqa: F401
