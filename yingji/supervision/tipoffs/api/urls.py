from rest_framework.routers import SimpleRouter

from .views import TipoffViewSet

router = SimpleRouter()
router.register("tipoffs", TipoffViewSet, basename="tipoff")
urlpatterns = router.urls
