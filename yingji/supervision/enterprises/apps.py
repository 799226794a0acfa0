from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "yingji.supervision.enterprises"
    label = "enterprises"
    verbose_name = _("企业档案")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, search

        from .filtersets import EnterpriseFilterSet

        search.register("enterprises", _("企业档案"), EnterpriseFilterSet, "enterprises:enterprise_list", order=10,
                        select_related=("region",))

        navigation.register("supervision", _("企业档案"), "enterprises:enterprise_list", "enterprises.view_enterprise",
                            order=10)
        navigation.register("supervision", _("关键人员证书"), "enterprises:keyperson_list",
                            "enterprises.view_keyperson", order=12)
        navigation.register("supervision", _("重大危险源"), "enterprises:majorhazardsource_list",
                            "enterprises.view_majorhazardsource", order=14)
        for model in ("enterprises.Enterprise", "enterprises.KeyPerson", "enterprises.MajorHazardSource",
                      "enterprises.HazardChemical"):
            grant(["sysadmin", "leader", "enforcement", "township", "department", "duty", "auditor"], model, ["view"])
            # the file is kept by the bureau's inspectors, the township offices and the industry departments
            grant(["sysadmin", "enforcement", "township", "department"], model, ["add", "change"])
        # 网格员: the places (enterprises) of his grid, which he keeps on file
        grant(["grid"], "enterprises.Enterprise", ["view", "add", "change"])
        # 企业端 reads the chemicals of its own sources, as it reads the sources
        grant(["enterprise"], "enterprises.HazardChemical", ["view"])
        # GB 18218 表1 reference data: offered in the chemical form to whoever enters chemicals; administrators
        # import additions and revisions (/imports/critical-quantities/)
        grant(["sysadmin"], "enterprises.CriticalQuantity", ["view", "add", "change"])
        from yingji.platform.core import widgets

        from . import imports  # noqa: F401
        from . import widgets as enterprise_widgets

        widgets.register("expiring_certificates", _("证书和安责险到期提醒"), "supervision/enterprises/widget_expiring.html",
                         enterprise_widgets.expiring, perm="enterprises.view_enterprise", order=25)
