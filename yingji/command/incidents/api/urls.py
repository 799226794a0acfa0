from rest_framework.routers import SimpleRouter

from .views import IncidentReportViewSet, IncidentViewSet, ReportDeadlineViewSet, TimelineEntryViewSet

router = SimpleRouter()
router.register("incidents", IncidentViewSet, basename="incident")
router.register("incident-reports", IncidentReportViewSet, basename="incidentreport")
router.register("incident-deadlines", ReportDeadlineViewSet, basename="reportdeadline")
router.register("incident-timeline", TimelineEntryViewSet, basename="timelineentry")
urlpatterns = router.urls
