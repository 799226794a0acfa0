from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import PublicityActivityFilterSet, TrainingSessionFilterSet
from ..models import PublicityActivity, TrainingSession
from .serializers import PublicityActivitySerializer, TrainingSessionSerializer


class TrainingSessionViewSet(ScopedModelViewSet):
    queryset = TrainingSession.objects.select_related("organiser", "region")
    serializer_class = TrainingSessionSerializer
    filterset_class = TrainingSessionFilterSet
    ordering_fields = ["held_on", "trained"]
    ordering = ["-held_on", "-id"]


class PublicityActivityViewSet(ScopedModelViewSet):
    queryset = PublicityActivity.objects.select_related("organiser", "region")
    serializer_class = PublicityActivitySerializer
    filterset_class = PublicityActivityFilterSet
    ordering_fields = ["held_on", "reached"]
    ordering = ["-held_on", "-id"]
