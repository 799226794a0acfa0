from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleaseConfig(AppConfig):
    name = "yingji.warning.release"
    label = "release"
    verbose_name = _("预警发布与叫应")

    def ready(self):
        from yingji.platform.accounts.roles import grant, grant_perm

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
        grant_perm(["sysadmin", "duty", "leader"], "release.confirm_release")
        grant(readers, "release.EscalationPolicy", ["view"])
        grant(["sysadmin"], "release.EscalationPolicy", ["add", "change"])
