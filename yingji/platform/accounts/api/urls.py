from rest_framework.routers import SimpleRouter

from .views import OrganisationViewSet, UserViewSet

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("users", UserViewSet, basename="user")
urlpatterns = router.urls
