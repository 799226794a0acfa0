"""django-tables2 bases shared by every list page and Excel export."""

import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .privacy import mask, mask_phone


class LinkColumn(tables.Column):
    """The record's name, linked to its detail page."""

    def render(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def value(self, value, record):
        return value


class MaskedPhoneColumn(tables.Column):
    """Phone numbers are masked in every list and export (个人信息保护)."""

    def render(self, value):
        return mask_phone(value)

    def value(self, value):
        return mask_phone(value)


class BaseTable(tables.Table):
    """A list's table (and its export). A column showing a personal-data field (declared on the model field,
    core/privacy.py; also through a relation, accessor "user__phone") is masked for everyone, as lists and exports
    are; a table shown only to those who may see personal data in full sets `show_personal`."""

    show_personal = False

    class Meta:
        # data-yj-ledger: a ledger may scroll sideways in its box at any width (it has a column chooser); every other
        # table must fit at 1440 px (tests/e2e/test_e2e_layout.py, docs/ui.md)
        attrs = {"class": "table table-sm table-hover align-middle", "data-yj-ledger": ""}
        template_name = "django_tables2/bootstrap5.html"
        per_page = 50

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_text = _("没有符合条件的记录")
        # exports: date-times in local time (django-tables2 writes UTC ISO text), 是/否 instead of True/False,
        # unless the table defines its own value_<name>
        for bound in self.columns.iterall():
            if bound.value != bound.column.value:
                continue
            if isinstance(bound.column, tables.DateTimeColumn):
                bound.value = _local_datetime
            elif isinstance(bound.column, tables.BooleanColumn):
                bound.value = _yes_no
        if not self.show_personal:
            for bound in self.columns.iterall():
                kind = _accessor_kind(self._meta.model, bound.accessor)
                if kind:
                    bound.render, bound.value = _masking(bound.render, kind), _masking(bound.value, kind)


def _accessor_kind(model, accessor):
    """The kind of personal data a column's accessor reaches on `model`, or None."""
    from .privacy import path_kind

    return path_kind(model, accessor)


def _masking(fn, kind):
    """`fn` (a column's render or value, called by django-tables2 with the arguments it names) given the masked
    value."""
    from django_tables2.utils import call_with_appropriate

    def call(**kwargs):
        if "value" in kwargs:
            kwargs["value"] = mask(kind, kwargs["value"])
        return call_with_appropriate(fn, kwargs)

    return call


def _local_datetime(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _yes_no(value):
    if value is None or value == "":
        return ""
    return str(_("是") if value else _("否"))
