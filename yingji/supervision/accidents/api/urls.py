from rest_framework.routers import SimpleRouter

from .views import AccidentReportViewSet, AccidentStatsViewSet, AccidentViewSet

router = SimpleRouter()
router.register("accidents", AccidentViewSet, basename="accident")
router.register("accident-reports", AccidentReportViewSet, basename="accidentreport")
router.register("accident-stats", AccidentStatsViewSet, basename="accident-stats")
urlpatterns = router.urls
