from urllib.parse import urlencode

from django.utils.translation import gettext_lazy

from yingji.platform.core import views as generic
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.inspections.models import Inspection
from yingji.supervision.inspections.tables import InspectionTable

from .filtersets import CampaignFilterSet
from .forms import CampaignForm, CampaignPlaceFormSet
from .models import Campaign
from .services import campaign_figures
from .tables import CampaignTable

RELATED_LIMIT = 500


class CampaignListView(generic.ObjectListView):
    model = Campaign
    queryset = Campaign.objects.select_related("region")
    filterset_class = CampaignFilterSet
    table_class = CampaignTable


class CampaignDetailView(generic.ObjectDetailView):
    model = Campaign
    queryset = Campaign.objects.select_related("region")
    exclude_fields = generic.ObjectDetailView.exclude_fields + ("sectors",)

    def get_related(self, obj):
        user = self.request.user
        from yingji.supervision.enterprises.tables import EnterpriseTable

        enterprises = (Enterprise.objects.restrict(user).active().filter(campaigns=obj)
                       .select_related("region", "supervising_department")[:RELATED_LIMIT])
        inspections = (Inspection.objects.restrict(user).active().filter(campaign=obj)
                       .select_related("enterprise", "region", "campaign").prefetch_related("inspectors")
                       [:RELATED_LIMIT])
        return [(gettext_lazy("专项行动检查记录"), InspectionTable(inspections, orderable=False,
                                                                  exclude=("campaign",))),
                (gettext_lazy("纳入企业"), EnterpriseTable(enterprises, orderable=False))]

    def extra_context(self, obj):
        # the statistics pages for the campaign: its period, its region (when the user may ask for it) and itself
        params = {"start": obj.start_date.isoformat(), "end": obj.end_date.isoformat(), "campaign": obj.pk}
        user = self.request.user
        if user.is_superuser or (user.region is not None and obj.region.is_within(user.region)):
            params["region"] = obj.region.code
        return {"figures": campaign_figures(obj, self.request.user), "stats_query": urlencode(params),
                "places": obj.places.all()}


class CampaignEditView(generic.FormsetEditView):
    model = Campaign
    form_class = CampaignForm
    formset_class = CampaignPlaceFormSet
    formset_title = gettext_lazy("纳入场所（不在企业台账中的场所，每行一处）")
