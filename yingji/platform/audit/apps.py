from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yingji.platform.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from yingji.platform.core import navigation

        from . import recorder, security  # noqa: F401  (connect the receivers)

        recorder.connect_delete_receivers()

        navigation.register("system", _("变更记录"), "audit:objectchange_list", "audit.view_objectchange", order=50)
        navigation.register("system", _("安全审计"), "audit:auditevent_list", "audit.view_auditevent", order=60)
