from rest_framework.routers import SimpleRouter

from .views import AnnualReportViewSet, BaselineFigureViewSet, ReportNarrativeViewSet

router = SimpleRouter()
router.register("report-narratives", ReportNarrativeViewSet, basename="reportnarrative")
router.register("annual-report", AnnualReportViewSet, basename="annual-report")
router.register("baseline-figures", BaselineFigureViewSet, basename="baselinefigure")
urlpatterns = router.urls
