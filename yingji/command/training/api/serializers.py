from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..models import PublicityActivity, TrainingSession


class TrainingSessionSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    audience_display = ChoiceDisplayField(source="audience")
    organiser_label = serializers.CharField(read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "topic", "audience", "audience_display", "mode", "held_on", "hours", "trained", "passed",
                  "certified", "organiser", "organiser_name", "organiser_label", "region", "note", "created_at",
                  "voided_at", "void_reason"]
        read_only_fields = ["created_at", "voided_at", "void_reason"]


class PublicityActivitySerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    campaign_display = ChoiceDisplayField(source="campaign")
    venue_display = ChoiceDisplayField(source="venue")
    organiser_label = serializers.CharField(read_only=True)

    class Meta:
        model = PublicityActivity
        fields = ["id", "title", "campaign", "campaign_display", "venue", "venue_display", "held_on", "organiser",
                  "organiser_name", "organiser_label", "region", "reached", "materials", "note", "created_at",
                  "voided_at", "void_reason"]
        read_only_fields = ["created_at", "voided_at", "void_reason"]
