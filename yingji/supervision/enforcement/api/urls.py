from rest_framework.routers import SimpleRouter

from .views import EnforcementCaseViewSet, EnforcementStatsViewSet, MeasureViewSet

router = SimpleRouter()
router.register("enforcement-cases", EnforcementCaseViewSet, basename="enforcementcase")
router.register("enforcement-measures", MeasureViewSet, basename="measure")
router.register("enforcement-stats", EnforcementStatsViewSet, basename="enforcementstats")
urlpatterns = router.urls
