from rest_framework.routers import SimpleRouter

from .views import DisasterEventViewSet, DisasterStatsViewSet, LossReportViewSet

router = SimpleRouter()
router.register("disaster-events", DisasterEventViewSet, basename="disasterevent")
router.register("loss-reports", LossReportViewSet, basename="lossreport")
router.register("disaster-stats", DisasterStatsViewSet, basename="disaster-stats")
urlpatterns = router.urls
