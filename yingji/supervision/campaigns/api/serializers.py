from rest_framework import serializers

from yingji.platform.core.api.viewsets import ScopedSerializerMixin
from yingji.supervision.enterprises.choices import Sector

from ..models import Campaign


class CampaignSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)

    class Meta:
        model = Campaign
        fields = ["id", "name", "region", "start_date", "end_date", "sectors", "enterprises", "description",
                  "created_at", "voided_at", "void_reason"]
        read_only_fields = ["created_at", "voided_at", "void_reason"]
