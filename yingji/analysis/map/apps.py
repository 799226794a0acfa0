from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapConfig(AppConfig):
    name = "yingji.analysis.map"
    label = "map"
    verbose_name = _("一张图")

    def ready(self):
        from yingji.platform.core import navigation

        from . import tiles

        tiles.connect()  # a change of a layer's rows bumps its data version (the tile cache's key)

        # the page shows the boundaries of the regions in scope and, of the layers, those the user may view
        navigation.register("analysis", _("一张图"), "map:index", "regions.view_region", order=1)
