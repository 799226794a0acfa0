"""Personal data (个人信息): declared once, on the model field, and masked wherever the value is shown.

A model marks a field as personal data where it declares it:

    phone = personal(models.CharField(_("联系电话"), max_length=20), PHONE)

(the mark is an attribute of the field, not part of its definition: no migration). Every place that shows a
record's values asks this module, so a new field or a new page cannot forget it:
  - the detail page's fields (`core.views.ObjectDetailView`) and the API's serializers
    (`core.api.viewsets.ScopedSerializerMixin`, also through related fields such as `source="user.phone"`);
  - lists and their exports (`core.tables.BaseTable`: a column on a personal field is masked);
  - the change history, on the detail page, in the API (`…/history/`) and in the audit log page and its export
    (`audit.recorder.history_for`, `audit.display.readable`), for the record's own rows and its child rows.
Lists and exports (and API lists) are masked for everyone; a single record and its history are shown in full to
holders of `accounts.view_personal_data` (系统管理员 and 局领导 by default).
"""

import re

PERMISSION = "accounts.view_personal_data"

PHONE = "phone"
ID_NUMBER = "id_number"
NAME = "name"
ADDRESS = "address"
EMAIL = "email"


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


def mask_address(value):
    """The first few characters (the township or village, as a rule) and ******: 青石镇东岙村******."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[:min(6, len(value) // 2)] + "******"


def mask_other(value):
    return "******" if value not in (None, "") else ""


MASKS = {PHONE: mask_phone, ID_NUMBER: mask_id_number, NAME: mask_name, ADDRESS: mask_address, EMAIL: mask_other}


def personal(field, kind):
    """Marks the model field `field` as personal data of `kind` (PHONE, ID_NUMBER, NAME, ADDRESS, EMAIL) and
    returns it; use it where the field is declared."""
    if kind not in MASKS:
        raise ValueError(f"unknown kind of personal data: {kind!r}")
    field.personal_data = kind
    return field


def personal_kind(field):
    """The kind of personal data a model field holds, or None."""
    return getattr(field, "personal_data", None)


def path_kind(model, path):
    """The kind of personal data a dotted path ("user.phone", or a table's "user__phone") reaches from `model`,
    following its relations, or None: one walk for serializer sources and table accessors."""
    from django.core.exceptions import FieldDoesNotExist

    kind = None
    for attr in str(path).replace("__", ".").split("."):
        if model is None:
            return None
        try:
            field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        kind = personal_kind(field)
        model = field.related_model
    return kind


def personal_fields(model):
    """{field name and attname: kind} of the personal-data fields of `model` ({} for None)."""
    if model is None:
        return {}
    found = {}
    for f in model._meta.concrete_fields:
        kind = personal_kind(f)
        if kind:
            found[f.name] = found[f.attname] = kind
    return found


def mask(kind, value):
    """`value` masked as personal data of `kind`; empty values stay as they are."""
    if value in (None, ""):
        return value
    return MASKS.get(kind, mask_other)(str(value))


def may_see_personal(user):
    return user is not None and user.is_authenticated and user.has_perm(PERMISSION)


def mask_values(model, values):
    """A copy of the dict `values` (a change row's before or after, by field name or attname) with the personal
    fields of `model` masked."""
    if not values:
        return values
    hidden = personal_fields(model)
    if not hidden:
        return values
    return {k: mask(hidden[k], v) if k in hidden else v for k, v in values.items()}
