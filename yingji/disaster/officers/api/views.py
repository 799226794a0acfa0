from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import DisasterInfoOfficerFilterSet, TrainingRecordFilterSet
from ..models import DisasterInfoOfficer, TrainingRecord
from .serializers import DisasterInfoOfficerSerializer, TrainingRecordSerializer


class DisasterInfoOfficerViewSet(ScopedModelViewSet):
    queryset = DisasterInfoOfficer.objects.select_related("region")
    serializer_class = DisasterInfoOfficerSerializer
    filterset_class = DisasterInfoOfficerFilterSet
    ordering_fields = ["name", "appointed_on"]
    ordering = ["region__code", "role", "name"]


class TrainingRecordViewSet(ScopedModelViewSet):
    queryset = TrainingRecord.objects.select_related("officer")
    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilterSet
    ordering_fields = ["trained_on"]
    ordering = ["-trained_on", "-id"]
