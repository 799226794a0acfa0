from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "yingji.supervision.portal"
    label = "portal"
    verbose_name = _("企业端")

    def ready(self):
        from django.db.models.signals import pre_save

        from yingji.platform.accounts.backends import load_with_user
        from yingji.platform.accounts.roles import ROLE_DEFAULTS, grant, grant_perm
        from yingji.platform.core import navigation

        from . import scope

        # who is an enterprise user is read from his account on every scoped query: load it with the user
        load_with_user(scope.ACCOUNT_RELATION)
        navigation.register("supervision", _("企业端首页"), "portal:home", "portal.act_for_enterprise", order=1)
        from yingji.platform.core.home import register_landing

        # an enterprise account lands on its 企业端首页, not on the bureau's 工作台
        register_landing(scope.is_enterprise_user, "portal:home")
        navigation.register("supervision", _("企业账号"), "portal:enterpriseaccount_list",
                            "portal.view_enterpriseaccount", order=90)
        grant(["sysadmin", "leader", "auditor"], "portal.EnterpriseAccount", ["view"])
        grant(["sysadmin"], "portal.EnterpriseAccount", ["add", "change"])
        # 企业用户: his own enterprise (a subset of its file, see scope.ENTERPRISE_FIELDS), its key persons and
        # major hazard sources, and its hazards (企业自查, and the rectification of any hazard of his enterprise);
        # never the acceptance (验收销号), which stays with the bureau
        grant_perm(["enterprise"], scope.MARKER)
        grant(["enterprise"], "enterprises.Enterprise", ["view", "change"])
        grant(["enterprise"], "enterprises.KeyPerson", ["view", "add", "change"])
        grant(["enterprise"], "enterprises.MajorHazardSource", ["view"])
        grant(["enterprise"], "hazards.Hazard", ["view", "add", "change"])
        # his inspection and enforcement history: the inspections and their photos, the cases (from 立案 on) with
        # their steps and penalties, and the 约谈/曝光 of his enterprise (which records: scope.py, the models'
        # scope_enterprise_field)
        grant(["enterprise"], "inspections.Inspection", ["view"])
        grant(["enterprise"], "inspections.InspectionPhoto", ["view"])
        grant(["enterprise"], "enforcement.EnforcementCase", ["view"])
        for model in ("enforcement.CaseStep", "enforcement.Penalty", "enforcement.Measure"):
            grant(["enterprise"], model, ["view"])
        # the platform gives every role the region and organisation lists; an enterprise user needs neither
        ROLE_DEFAULTS["enterprise"] -= {"regions.view_region", "accounts.view_organisation"}
        from yingji.supervision.enterprises.models import Enterprise
        from yingji.supervision.hazards.models import Hazard

        for model in (Enterprise, Hazard):
            pre_save.connect(scope.guard_enterprise_user_saves, sender=model,
                             dispatch_uid=f"portal_guard_{model._meta.label_lower}")
