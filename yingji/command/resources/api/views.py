
from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import (
    DispatchFilterSet,
    ExpertFilterSet,
    MovementFilterSet,
    RescueTeamFilterSet,
    ShelterFilterSet,
    StockFilterSet,
    SupplyItemFilterSet,
    WarehouseFilterSet,
)
from ..models import Dispatch, Expert, Movement, RescueTeam, Shelter, Stock, SupplyItem, Warehouse
from .serializers import (
    DispatchSerializer,
    ExpertSerializer,
    MovementSerializer,
    RescueTeamSerializer,
    ShelterSerializer,
    StockSerializer,
    SupplyItemSerializer,
    WarehouseSerializer,
)


class WarehouseViewSet(ScopedModelViewSet):
    queryset = Warehouse.objects.select_related("region")
    serializer_class = WarehouseSerializer
    filterset_class = WarehouseFilterSet
    ordering = ["id"]


class SupplyItemViewSet(ScopedModelViewSet):
    queryset = SupplyItem.objects.all()
    serializer_class = SupplyItemSerializer
    filterset_class = SupplyItemFilterSet
    ordering = ["id"]


class ReadOnlyScoped(ScopedModelViewSet):
    """Balances and dispatches are written by the services only: list and retrieve."""

    http_method_names = ["get", "head", "options"]
    void = restore = None  # a balance or a dispatch is not voided: a movement the other way, or a return


class StockViewSet(ReadOnlyScoped):
    queryset = Stock.objects.select_related("warehouse", "item")
    serializer_class = StockSerializer
    filterset_class = StockFilterSet
    ordering = ["id"]


class MovementViewSet(ScopedModelViewSet):
    """The ledger: list, retrieve and append (POST); never changed."""

    queryset = Movement.objects.all()
    serializer_class = MovementSerializer
    filterset_class = MovementFilterSet
    http_method_names = ["get", "post", "head", "options"]
    void = restore = None  # append-only: a correction is a movement the other way
    ordering = ["-id"]


class RescueTeamViewSet(ScopedModelViewSet):
    queryset = RescueTeam.objects.select_related("region")
    serializer_class = RescueTeamSerializer
    filterset_class = RescueTeamFilterSet
    ordering = ["id"]


class ExpertViewSet(ScopedModelViewSet):
    queryset = Expert.objects.select_related("region")
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet
    ordering = ["id"]


class ShelterViewSet(ScopedModelViewSet):
    queryset = Shelter.objects.select_related("region")
    serializer_class = ShelterSerializer
    filterset_class = ShelterFilterSet
    ordering = ["id"]


class DispatchViewSet(ReadOnlyScoped):
    queryset = Dispatch.objects.all()
    serializer_class = DispatchSerializer
    filterset_class = DispatchFilterSet
    ordering = ["-id"]


