from rest_framework.routers import SimpleRouter

from .views import GroupViewSet, RecipientViewSet, ReleaseViewSet, WardViewSet

router = SimpleRouter()
router.register("release-recipients", RecipientViewSet, basename="release-recipient")
router.register("release-groups", GroupViewSet, basename="release-group")
router.register("release-wards", WardViewSet, basename="release-ward")
router.register("releases", ReleaseViewSet, basename="release")
urlpatterns = router.urls
