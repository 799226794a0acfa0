from rest_framework.routers import SimpleRouter

from .exports import ExportJobViewSet

router = SimpleRouter()
router.register("exports", ExportJobViewSet, basename="export")
urlpatterns = router.urls
