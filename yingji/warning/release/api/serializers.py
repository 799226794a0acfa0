from django.utils.translation import gettext as _
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin
from yingji.platform.regions.models import Region

from ..choices import Channel, Level
from ..models import Group, Recipient, Release, Ward


class GroupSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name", "region", "description", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class RecipientSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    """The phone reads back masked unless the user may see personal data."""

    duty_display = ChoiceDisplayField(source="duty")
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Recipient
        fields = ["id", "name", "phone", "duty", "duty_display", "position", "region", "region_name",
                  "recipient_groups", "superior", "email", "terminal", "note", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class WardSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")

    class Meta:
        model = Ward
        fields = ["id", "kind", "kind_display", "name", "phone", "address", "people", "region", "guardian", "note",
                  "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class ReleaseSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    level_display = ChoiceDisplayField(source="level")
    status_display = ChoiceDisplayField(source="status")

    class Meta:
        model = Release
        fields = ["id", "title", "text", "level", "level_display", "channels", "confirm_required", "status",
                  "status_display", "recipient_count", "created_at", "resolved_at", "finished_at", "source_type",
                  "source_id", "target_regions", "target_groups", "voided_at", "void_reason"]
        read_only_fields = fields


class StartReleaseSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    regions = serializers.PrimaryKeyRelatedField(many=True, queryset=Region.objects.all(), required=False)
    groups = serializers.PrimaryKeyRelatedField(many=True, queryset=Group.objects.all(), required=False)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), required=False)
    confirm = serializers.BooleanField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["regions"].child_relation.queryset = Region.objects.restrict(request.user)
            self.fields["groups"].child_relation.queryset = Group.objects.restrict(request.user).active()
            self.fields["groups"].child_relation.error_messages["does_not_exist"] = \
                _("接收分组“{pk_value}”不存在或不在您的管辖范围内")
            self.fields["regions"].child_relation.error_messages["does_not_exist"] = \
                _("区划“{pk_value}”不存在或不在您的管辖范围内")


class ConfirmSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    note = serializers.CharField(max_length=200)
