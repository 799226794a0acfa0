from rest_framework.routers import SimpleRouter

from .views import DisasterInfoOfficerViewSet, TrainingRecordViewSet

router = SimpleRouter()
router.register("disaster-info-officers", DisasterInfoOfficerViewSet, basename="disasterinfoofficer")
router.register("officer-trainings", TrainingRecordViewSet, basename="trainingrecord")
urlpatterns = router.urls
