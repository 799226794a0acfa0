from yingji.platform.core.views import crud_urls

from . import views
from .models import Campaign

app_name = "campaigns"
# the addresses of before the split (/campaigns/…): users' bookmarks hold
urlpatterns = [
    *crud_urls("campaign", model=Campaign, list_view=views.CampaignListView, detail_view=views.CampaignDetailView,
               edit_view=views.CampaignEditView),
]
