from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """专项行动, split out of inspections (issue 8); its tables keep their inspections_ names."""

    name = "yingji.supervision.campaigns"
    label = "campaigns"
    verbose_name = _("专项行动")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation

        navigation.register("supervision", _("专项行动"), "campaigns:campaign_list", "campaigns.view_campaign",
                            order=26)
        # set up by the bureau, seen by everyone who takes part; a 网格员 attributes his patrols' hazards to one
        grant(["sysadmin", "leader", "enforcement", "township", "department", "duty", "auditor", "grid"],
              "campaigns.Campaign", ["view"])
        grant(["sysadmin", "enforcement"], "campaigns.Campaign", ["add", "change"])
