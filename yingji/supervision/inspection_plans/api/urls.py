from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("inspection-plans", views.InspectionPlanViewSet, basename="inspectionplan")
urlpatterns = router.urls
