from django.utils.translation import gettext as _
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..choices import EDITABLE_STATES
from ..forms import NOT_EDITABLE
from ..models import Warning, WarningEvent
from ..services import fill_defaults

READ_ONLY = ["origin", "state", "identifier", "sender", "sender_code", "sender_name", "sent", "msg_type",
             "predecessor", "references", "submitted_by", "reviewed_by", "signed_by", "signed_at", "published_by",
             "upstream_sender", "upstream_identifier", "upstream_sent", "upstream_sender_name", "created_at",
             "updated_at", "voided_at", "void_reason"]


class WarningSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    state_display = ChoiceDisplayField(source="state")
    level_display = ChoiceDisplayField(source="level")
    event_type_display = ChoiceDisplayField(source="event_type")
    msg_type_display = ChoiceDisplayField(source="msg_type")
    title = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Warning
        fields = ["id", "title", "region", "origin", "state", "state_display", "identifier", "sender",
                  "sender_code", "sender_name", "sent", "status", "msg_type", "msg_type_display", "scope",
                  "restriction", "addresses", "note", "predecessor", "references", "source", "event_type",
                  "event_type_display", "event_code", "category", "level", "level_display", "severity", "urgency",
                  "certainty", "response_type", "effective", "onset", "expires", "headline", "description",
                  "instruction", "web", "contact", "areas", "target_groups", "area_desc", "polygons", "circles",
                  "submitted_by", "reviewed_by", "signed_by", "signed_at", "published_by", "upstream_sender", "upstream_identifier",
                  "upstream_sent", "upstream_sender_name", "created_at", "updated_at", "voided_at", "void_reason"]
        read_only_fields = READ_ONLY
        extra_kwargs = {"expires": {"required": True, "allow_null": False}}

    def validate(self, attrs):
        if self.instance is not None and self.instance.state not in EDITABLE_STATES:
            raise serializers.ValidationError(str(NOT_EDITABLE))
        region = attrs.get("region") or getattr(self.instance, "region", None)
        areas = attrs.get("areas")
        if region is not None and areas:
            outside = [a.name for a in areas if not a.code.startswith(region.prefix)]
            if outside:
                raise serializers.ValidationError({"areas": _("预警区域须在发布单位辖区（%(r)s）内：%(a)s") % {
                    "r": region.name, "a": "、".join(outside)}})
        polygons = attrs.get("polygons", getattr(self.instance, "polygons", ""))
        circles = attrs.get("circles", getattr(self.instance, "circles", ""))
        has_areas = bool(areas) if "areas" in attrs else bool(self.instance and self.instance.areas.exists())
        if not has_areas and not (polygons or "").strip() and not (circles or "").strip():
            raise serializers.ValidationError({"areas": _("预警须有区域：请选择预警区域，或填写多边形/圆形区域")})
        probe = Warning(**{k: v for k, v in attrs.items() if k != "areas"})
        if self.instance is not None:
            for f in Warning._meta.concrete_fields:
                if f.name not in attrs:
                    setattr(probe, f.attname, getattr(self.instance, f.attname))
        from django.core.exceptions import ValidationError as DjangoError

        try:
            probe.clean()
        except DjangoError as e:
            raise serializers.ValidationError(e.message_dict)
        return attrs

    def create(self, validated):
        areas = validated.pop("areas", [])
        w = Warning(**validated)
        fill_defaults(w)
        w.save()
        w.areas.set(areas)
        return w

    def update(self, instance, validated):
        areas = validated.pop("areas", None)
        for k, v in validated.items():
            setattr(instance, k, v)
        fill_defaults(instance)
        instance.save()
        if areas is not None:
            instance.areas.set(areas)
        return instance


class WarningEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True)

    class Meta:
        model = WarningEvent
        fields = ["id", "transition", "from_state", "to_state", "actor", "actor_name", "at", "recorded_at", "note"]
        read_only_fields = ["actor"]  # set by the workflow service, never chosen by a client


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReceiveSerializer(serializers.Serializer):
    xml = serializers.CharField(help_text="上级 CAP 1.2 预警消息的 XML 全文")
