from rest_framework.routers import SimpleRouter

from .views import SupervisionStatsViewSet

router = SimpleRouter()
router.register("supervision-stats", SupervisionStatsViewSet, basename="supervision-stats")
urlpatterns = router.urls
