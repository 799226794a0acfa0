from rest_framework.routers import SimpleRouter

from .views import PublicityActivityViewSet, TrainingSessionViewSet

router = SimpleRouter()
router.register("training-sessions", TrainingSessionViewSet, basename="trainingsession")
router.register("publicity-activities", PublicityActivityViewSet, basename="publicityactivity")
urlpatterns = router.urls
