from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..models import Alarm, AlarmEvent, Sensor, Station


class StationSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")

    class Meta:
        model = Station
        fields = ["id", "code", "name", "kind", "kind_display", "region", "longitude", "latitude", "watched_kind",
                  "watched_name", "watched_code", "operator", "note", "created_at", "voided_at"]
        read_only_fields = ["created_at", "voided_at"]


class SensorSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")

    class Meta:
        model = Sensor
        fields = ["id", "code", "station", "kind", "kind_display", "unit", "range_min", "range_max",
                  "interval_seconds", "offline_after", "note", "created_at", "voided_at"]
        read_only_fields = ["created_at", "voided_at"]


class AlarmSerializer(serializers.ModelSerializer):
    level_display = ChoiceDisplayField(source="level")
    state_display = ChoiceDisplayField(source="state")
    alarm_type_display = ChoiceDisplayField(source="alarm_type")
    sensor_code = serializers.CharField(source="sensor.code", read_only=True, default=None)

    class Meta:
        model = Alarm
        fields = ["id", "sensor", "sensor_code", "station", "region", "alarm_type", "alarm_type_display", "level",
                  "level_display", "state", "state_display", "message", "triggered_at", "first_value",
                  "peak_value", "last_value", "last_at", "count", "recovered_at", "acknowledged_by",
                  "acknowledged_at", "closed_by", "closed_at", "rule"]
        read_only_fields = fields


class AlarmEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True)

    class Meta:
        model = AlarmEvent
        fields = ["id", "transition", "from_state", "to_state", "actor", "actor_name", "at", "note"]
        read_only_fields = ["actor"]  # set by the workflow service, never chosen by a client


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReadingItemSerializer(serializers.Serializer):
    sensor = serializers.CharField(help_text="传感器编码")
    ts = serializers.CharField(help_text="ISO 8601 时间（带时区）或 Unix 秒/毫秒")
    value = serializers.FloatField()


class ReadingBatchSerializer(serializers.Serializer):
    gateway = serializers.CharField(required=False)
    readings = ReadingItemSerializer(many=True)


class ReadingBatchResultSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    stored = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    rejected = serializers.ListField(child=serializers.DictField())
