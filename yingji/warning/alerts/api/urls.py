from rest_framework.routers import SimpleRouter

from .views import WarningViewSet

router = SimpleRouter()
router.register("warnings", WarningViewSet, basename="warning")
urlpatterns = router.urls
