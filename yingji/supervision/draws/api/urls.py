from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("draws", views.DrawViewSet, basename="draw")
urlpatterns = router.urls
