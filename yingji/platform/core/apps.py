from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yingji.platform.core"
    label = "core"
    verbose_name = "平台"
