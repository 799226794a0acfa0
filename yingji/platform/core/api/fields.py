"""Serializer fields shared by the modules' APIs."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class ChoiceDisplayField(serializers.CharField):
    """The label of a choice field (e.g. state_display = ChoiceDisplayField(source="state")).

    Same output as CharField(source="get_state_display"), without DRF calling inspect.signature() on the bound
    method for every row (a tenth of a 50-row list's serialisation time); a stored value outside the choices is
    shown as it is, as get_FOO_display() does.
    """

    # {(model, field name, language): {value: label}}: the labels translated once per process and language (a lazy
    # label is translated again at each str(), 3 per row; DRF copies a serializer's fields for every request, so
    # the table is the class's, not the instance's). Choices are code, not data: they do not change while it runs.
    _labels = {}

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        key = (self.parent.Meta.model, self.source, get_language())
        labels = self._labels.get(key)
        if labels is None:
            labels = self._labels[key] = {
                choice: None if label is None else str(label)
                for choice, label in key[0]._meta.get_field(self.source).flatchoices}
        label = labels.get(value, value)
        return "" if label is None else str(label)


@extend_schema_field({
    "oneOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
    "nullable": True,
    "description": "实际办理时间（补录以前办理的步骤时填写）：日期（2025-04-20）或日期时间（2025-04-20T10:30:00+08:00，"
                   "不带时区的按本局时区）；不填为现在。不能晚于现在，不能早于该记录上一步的办理时间或其开始日期（如隐患的发现日期）。",
    "example": "2025-04-20",
})
class StepTimeField(serializers.Field):
    """A workflow step's real time (core.workflow): a date or a date-time, blank or null for now. The value is
    passed to the service as given (a date stays a date); the service checks it against the record."""

    default_error_messages = {"invalid": _("实际办理时间格式不正确，请填写日期（如 2025-04-20）或日期时间（如 2025-04-20T10:30）")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("label", _("实际办理时间"))
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data == "":
            return True, None
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        from django.core.exceptions import ValidationError as DjangoValidationError

        from yingji.platform.core.workflow import parse_step_time

        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return parse_step_time(data)
        except DjangoValidationError:
            self.fail("invalid")

    def to_representation(self, value):
        return value.isoformat() if value is not None else None
