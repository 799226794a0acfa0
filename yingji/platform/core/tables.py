"""django-tables2 bases shared by every list page and Excel export."""

import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .privacy import mask_phone


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
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
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


def _local_datetime(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _yes_no(value):
    if value is None or value == "":
        return ""
    return str(_("是") if value else _("否"))
