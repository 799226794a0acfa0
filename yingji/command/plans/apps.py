from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "yingji.command.plans"
    label = "plans"
    verbose_name = _("应急预案与演练")
