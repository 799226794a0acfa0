from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipoffsConfig(AppConfig):
    name = "yingji.supervision.tipoffs"
    label = "tipoffs"
    verbose_name = _("群众举报")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from . import widgets as tipoff_widgets

        navigation.register("supervision", _("群众举报"), "tipoffs:tipoff_list", "tipoffs.view_tipoff", order=25)
        grant(["sysadmin", "leader", "enforcement", "township", "duty", "auditor"], "tipoffs.Tipoff", ["view"])
        # 12350 calls reach the duty room; inspectors and township offices take in and verify reports
        grant(["sysadmin", "enforcement", "township", "duty"], "tipoffs.Tipoff", ["add"])
        grant(["sysadmin", "enforcement", "township"], "tipoffs.Tipoff", ["change"])
        # 举报奖励 is decided by the bureau's leaders
        grant(["sysadmin", "leader"], "tipoffs.Tipoff", ["approve"])
        grant(["sysadmin", "leader", "enforcement", "township", "duty", "auditor"], "tipoffs.VerificationRule", ["view"])
        grant(["sysadmin"], "tipoffs.VerificationRule", ["add", "change"])
        widgets.register("overdue_tipoffs", _("逾期未核查举报"), "tipoffs/widget_overdue.html",
                         tipoff_widgets.overdue_tipoffs, perm="tipoffs.change_tipoff", order=25)
