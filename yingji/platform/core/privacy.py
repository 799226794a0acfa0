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
