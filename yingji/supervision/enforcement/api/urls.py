from rest_framework.routers import SimpleRouter

from .penalties import PenaltyViewSet
from .views import EnforcementCaseViewSet, EnforcementStatsViewSet, MeasureViewSet

router = SimpleRouter()
router.register("enforcement-cases", EnforcementCaseViewSet, basename="enforcementcase")
router.register("enforcement-measures", MeasureViewSet, basename="measure")
router.register("enforcement-penalties", PenaltyViewSet, basename="penalty")
router.register("enforcement-stats", EnforcementStatsViewSet, basename="enforcementstats")
urlpatterns = router.urls
