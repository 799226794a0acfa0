"""Masking of personal data (个人信息) in lists and exports."""

import re


def mask_phone(value):
    """138****1234 for a mobile number; the middle of any other number hidden the same way."""
    value = (value or "").strip()
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7:
        return digits[:3] + "****" + digits[-4:]
    if digits:
        return "*" * len(digits)
    return ""


def mask_id_number(value):
    """110105********1234 for an 18-character ID number."""
    value = (value or "").strip()
    if len(value) >= 10:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    return "*" * len(value)


def mask_name(value):
    value = (value or "").strip()
    if len(value) <= 1:
        return value
    return value[0] + "*" * (len(value) - 1)


# model -> the names of its fields holding personal data (个人信息), declared by the views that show the model
# (ObjectDetailView.personal_fields, ScopedModelViewSet.personal_fields): the audit log masks them too
_personal_fields = {}


def register_personal_fields(model, fields):
    if model is not None and fields:
        _personal_fields[model] = _personal_fields.get(model, frozenset()) | frozenset(fields)


def personal_fields(model):
    """The personal-data fields of `model` declared by any of its views (the URL conf is loaded first, so that
    every view has declared its own)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module once)
    return _personal_fields.get(model, frozenset())


def mask_value(field_name, value):
    """A personal-data value as lists and histories show it to those without accounts.view_personal_data."""
    if value in (None, ""):
        return value
    return mask_phone(str(value)) if "phone" in field_name else "******"
