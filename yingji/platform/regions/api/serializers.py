from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from .. import codes
from ..models import Region


class RegionSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    level_display = ChoiceDisplayField(source="level")

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "level_display", "parent", "valid_from", "valid_to", "successor",
                  "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]

    def validate_code(self, value):
        from django.core.exceptions import ValidationError

        try:
            return codes.normalize(value)
        except ValidationError as e:
            raise serializers.ValidationError(e.messages)

    def validate(self, attrs):
        from django.core.exceptions import ValidationError

        code = attrs.get("code", getattr(self.instance, "code", None))
        level = attrs.get("level", getattr(self.instance, "level", None))
        parent = attrs.get("parent", getattr(self.instance, "parent", None))
        try:
            codes.validate(code, level, parent)
        except ValidationError as e:
            raise serializers.ValidationError(e.message_dict)
        return attrs
