from rest_framework.routers import SimpleRouter

from .views import DrillFindingViewSet, DrillViewSet, PlanViewSet

router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("drills", DrillViewSet, basename="drill")
router.register("drill-findings", DrillFindingViewSet, basename="drillfinding")
urlpatterns = router.urls
