from rest_framework.routers import SimpleRouter

from .views import AccidentInvestigationViewSet, AccidentReportViewSet, AccidentStatsViewSet, AccidentViewSet

router = SimpleRouter()
router.register("accidents", AccidentViewSet, basename="accident")
router.register("accident-reports", AccidentReportViewSet, basename="accidentreport")
router.register("accident-investigations", AccidentInvestigationViewSet, basename="accidentinvestigation")
router.register("accident-stats", AccidentStatsViewSet, basename="accident-stats")
urlpatterns = router.urls
