from rest_framework.routers import SimpleRouter

from .views import EnforcementHistoryViewSet

router = SimpleRouter()
router.register("portal/enforcement-history", EnforcementHistoryViewSet, basename="enforcementhistory")
urlpatterns = router.urls
