from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("campaigns", views.CampaignViewSet, basename="campaign")  # /api/v1/campaigns/ as before the split
urlpatterns = router.urls
