from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountRole(models.TextChoices):
    PRINCIPAL = "principal", _("主要负责人")
    SAFETY_MANAGER = "safety_manager", _("安全管理人员")
