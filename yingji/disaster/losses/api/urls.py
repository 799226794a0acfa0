from rest_framework.routers import SimpleRouter

from .views import DisasterEventViewSet, LossReportViewSet

router = SimpleRouter()
router.register("disaster-events", DisasterEventViewSet, basename="disasterevent")
router.register("loss-reports", LossReportViewSet, basename="lossreport")
urlpatterns = router.urls
