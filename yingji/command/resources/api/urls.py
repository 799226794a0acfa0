from rest_framework.routers import SimpleRouter

from .views import (
    DispatchViewSet,
    ExpertViewSet,
    MovementViewSet,
    RescueTeamViewSet,
    ShelterViewSet,
    StockViewSet,
    SupplyItemViewSet,
    WarehouseViewSet,
)

router = SimpleRouter()
router.register("warehouses", WarehouseViewSet, basename="warehouse")
router.register("supply-items", SupplyItemViewSet, basename="supplyitem")
router.register("stocks", StockViewSet, basename="stock")
router.register("stock-movements", MovementViewSet, basename="movement")
router.register("rescue-teams", RescueTeamViewSet, basename="rescueteam")
router.register("experts", ExpertViewSet, basename="expert")
router.register("shelters", ShelterViewSet, basename="shelter")
router.register("dispatches", DispatchViewSet, basename="dispatch")
urlpatterns = router.urls
