from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import CampaignFilterSet
from ..models import Campaign
from .serializers import CampaignSerializer


class CampaignViewSet(ScopedModelViewSet):
    queryset = Campaign.objects.prefetch_related("enterprises")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    ordering = ["-start_date", "id"]
