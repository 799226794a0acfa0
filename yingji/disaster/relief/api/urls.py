from rest_framework.routers import SimpleRouter

from .views import ReliefFundViewSet, ReliefPaymentViewSet, ReliefStatsViewSet

router = SimpleRouter()
router.register("relief-funds", ReliefFundViewSet, basename="relieffund")
router.register("relief-payments", ReliefPaymentViewSet, basename="reliefpayment")
router.register("relief-stats", ReliefStatsViewSet, basename="relief-stats")
urlpatterns = router.urls
