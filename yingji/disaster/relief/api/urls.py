from rest_framework.routers import SimpleRouter

from .views import (
                    HousingInsuranceClaimViewSet,
                    HousingInsurancePolicyViewSet,
                    ReliefFundViewSet,
                    ReliefPaymentViewSet,
                    ReliefStatsViewSet,
)

router = SimpleRouter()
router.register("relief-funds", ReliefFundViewSet, basename="relieffund")
router.register("relief-payments", ReliefPaymentViewSet, basename="reliefpayment")
router.register("housing-insurance-policies", HousingInsurancePolicyViewSet, basename="housinginsurancepolicy")
router.register("housing-insurance-claims", HousingInsuranceClaimViewSet, basename="housinginsuranceclaim")
router.register("relief-stats", ReliefStatsViewSet, basename="relief-stats")
urlpatterns = router.urls
