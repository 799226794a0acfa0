from rest_framework.routers import SimpleRouter

from .views import HazardViewSet

router = SimpleRouter()
router.register("hazards", HazardViewSet, basename="hazard")
urlpatterns = router.urls
