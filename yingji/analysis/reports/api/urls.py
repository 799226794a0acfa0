from rest_framework.routers import SimpleRouter

from .views import ReportNarrativeViewSet

router = SimpleRouter()
router.register("report-narratives", ReportNarrativeViewSet, basename="reportnarrative")
urlpatterns = router.urls
