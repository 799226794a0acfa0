from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "yingji.command.training"
    label = "training"
    verbose_name = _("宣传培训")
