from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReliefConfig(AppConfig):
    name = "yingji.disaster.relief"
    label = "relief"
    verbose_name = _("灾害救助")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation

        from . import imports  # noqa: F401

        navigation.register("disaster", _("救灾款物"), "relief:relieffund_list", "relief.view_relieffund", order=30)
        navigation.register("disaster", _("救助发放"), "relief:reliefpayment_list", "relief.view_reliefpayment",
                            order=31)
        navigation.register("disaster", _("民房保险"), "relief:housinginsurancepolicy_list",
                            "relief.view_housinginsurancepolicy", order=32)
        navigation.register("disaster", _("民房保险理赔"), "relief:housinginsuranceclaim_list",
                            "relief.view_housinginsuranceclaim", order=33)
        readers = ["sysadmin", "leader", "disaster_officer", "township", "auditor"]
        grant(readers, "relief.ReliefFund", ["view"])
        grant(["sysadmin"], "relief.ReliefFund", ["add", "change"])
        grant(readers, "relief.ReliefPayment", ["view"])
        grant(["sysadmin", "disaster_officer"], "relief.ReliefPayment", ["add", "change"])
        grant(readers, "relief.HousingInsurancePolicy", ["view"])
        grant(["sysadmin"], "relief.HousingInsurancePolicy", ["add", "change"])
        grant(readers, "relief.HousingInsuranceClaim", ["view"])
        grant(["sysadmin", "disaster_officer"], "relief.HousingInsuranceClaim", ["add", "change"])
