from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleaseConfig(AppConfig):
    name = "yingji.warning.release"
    label = "release"
    verbose_name = _("预警发布与叫应")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from . import imports  # noqa: F401
        from . import widgets as release_widgets

        navigation.register("warning", _("预警发布"), "release:release_list", "release.view_release", order=20)
        navigation.register("warning", _("预警接收人"), "release:recipient_list", "release.view_recipient", order=21)
        navigation.register("warning", _("接收分组"), "release:group_list", "release.view_group", order=22)
        navigation.register("warning", _("包保对象"), "release:ward_list", "release.view_ward", order=23)
        from yingji.platform.core import notifications

        from . import notifications as release_notices

        # a person's own 叫应: no permission needed (the link of his message is his authority)
        notifications.register("release.ack", _("预警待叫应"), release_notices.my_acknowledgements, order=1)
        widgets.register("releases_awaiting_confirmation", _("待叫应的预警发布"), "release/widget_awaiting.html",
                         release_widgets.awaiting_confirmation, perm="release.view_release", order=15)

        readers = ["sysadmin", "leader", "duty", "township", "disaster_officer", "auditor"]
        grant(readers, "release.Recipient", ["view"])
        grant(["sysadmin", "duty", "township", "disaster_officer"], "release.Recipient", ["add", "change"])
        grant(readers, "release.Group", ["view"])
        grant(["sysadmin", "duty", "township"], "release.Group", ["add", "change"])
        # 包保对象 are personal data of vulnerable people: only those who must move them (and the auditor) see them
        grant(["sysadmin", "duty", "township", "disaster_officer", "auditor"], "release.Ward", ["view"])
        grant(["sysadmin", "township", "disaster_officer"], "release.Ward", ["add", "change"])
        grant(readers, "release.Release", ["view"])
        grant(["sysadmin", "duty", "leader"], "release.Release", ["add", "change"])
        grant(readers, "release.EscalationPolicy", ["view"])
        grant(["sysadmin"], "release.EscalationPolicy", ["add", "change"])
