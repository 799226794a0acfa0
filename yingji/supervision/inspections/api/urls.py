from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("inspector-certificates", views.InspectorCertificateViewSet, basename="inspectorcertificate")
router.register("checklist-templates", views.ChecklistTemplateViewSet, basename="checklisttemplate")
router.register("supervision-visits", views.SupervisionVisitViewSet, basename="supervisionvisit")
router.register("supervision-notices", views.SupervisionNoticeViewSet, basename="supervisionnotice")
router.register("inspection-stats", views.InspectionStatsViewSet, basename="inspection-stats")
urlpatterns = router.urls
