"""The map keeps one table: how many times the rows of each model a layer reads have changed (the tile cache's
data version, see tiles.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A version per model ("app_label.ModelName"), a new random number after every committed change of its rows
    that a layer may show. Part of every cached tile's key: a change makes the tiles of the layers reading that model unreachable
    (they expire from the cache by themselves)."""

    model = models.CharField(_("模型"), max_length=100, unique=True)
    version = models.BigIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("地图数据版本")
        verbose_name_plural = _("地图数据版本")

    def __str__(self):
        return f"{self.model} v{self.version}"
