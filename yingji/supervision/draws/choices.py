from django.db import models
from django.utils.translation import gettext_lazy as _

# a draw matches each enterprise drawn with at least two certified officers
MIN_DRAW_INSPECTORS = 2


class DrawStatus(models.TextChoices):
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("已审核公示")
