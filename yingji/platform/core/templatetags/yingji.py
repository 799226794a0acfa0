from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def short_date(value):
    """A date (or a datetime, in local time with its hour and minute) without the year when it is this year's, with
    the year otherwise: 12-05, 12-05 08:30, 2025-12-05. Lists of what is due read at a glance and never mislead
    about the year."""
    import datetime

    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    if value in (None, ""):
        return ""
    this_year = timezone.localdate().year
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "m-d H:i" if value.year == this_year else "Y-m-d H:i")
    return date_format(value, "m-d" if value.year == this_year else "Y-m-d")
