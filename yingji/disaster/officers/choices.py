from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficerRole(models.TextChoices):
    """A角 is the village's officer on duty; B角 the backup (required in high-risk villages in some provinces)."""

    A = "A", _("A角")
    B = "B", _("B角")
