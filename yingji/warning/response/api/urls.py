from rest_framework.routers import SimpleRouter

from .views import ResponseViewSet

router = SimpleRouter()
router.register("emergency-responses", ResponseViewSet, basename="emergencyresponse")
urlpatterns = router.urls
