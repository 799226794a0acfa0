from rest_framework.routers import SimpleRouter

from .views import AlarmViewSet, SensorViewSet, StationViewSet

router = SimpleRouter()
router.register("monitoring-stations", StationViewSet, basename="monitoring-station")
router.register("monitoring-sensors", SensorViewSet, basename="monitoring-sensor")
router.register("monitoring-alarms", AlarmViewSet, basename="monitoring-alarm")
urlpatterns = router.urls
