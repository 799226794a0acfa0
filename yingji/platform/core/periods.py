"""Calendar periods of statistics in the bureau's local time, and the region a statistic is for. Every module's
statistics use them: a statistic "for 2023" means 2023-01-01 00:00 to 2024-01-01 00:00
Beijing time, and "the same period last year" is the same dates one year earlier (29 Feb → 28 Feb)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _


def local_bounds(start, end):
    """(aware start, aware exclusive end) of the local calendar days start..end."""
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return lo, hi


def year_earlier(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def previous_period(start, end):
    return year_earlier(start), year_earlier(end)


def period_label(start, end):
    """"2023年", "2023年1—6月", "2023年1月1日至11月30日" as the bureaus write them."""
    if start.year == end.year:
        if start == datetime.date(start.year, 1, 1) and end == datetime.date(end.year, 12, 31):
            return _("%(y)d年") % {"y": start.year}
        last = (end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        if start.day == 1 and end == last:
            if start.month == end.month:
                return _("%(y)d年%(m)d月") % {"y": start.year, "m": start.month}
            return _("%(y)d年%(m1)d—%(m2)d月") % {"y": start.year, "m1": start.month, "m2": end.month}
        return _("%(y)d年%(m1)d月%(d1)d日至%(m2)d月%(d2)d日") % {
            "y": start.year, "m1": start.month, "d1": start.day, "m2": end.month, "d2": end.day}
    return _("%(y1)d年%(m1)d月%(d1)d日至%(y2)d年%(m2)d月%(d2)d日") % {
        "y1": start.year, "m1": start.month, "d1": start.day, "y2": end.year, "m2": end.month, "d2": end.day}


def parse_period(start_text, end_text, today=None):
    """(start, end) dates from query parameters; default: this year up to today. Raises ValidationError."""
    today = today or timezone.localdate()
    errors = {}
    start = end = None
    if start_text:
        start = _parse(start_text)
        if start is None:
            errors["start"] = [_("开始日期格式不正确，应为 YYYY-MM-DD")]
    if end_text:
        end = _parse(end_text)
        if end is None:
            errors["end"] = [_("结束日期格式不正确，应为 YYYY-MM-DD")]
    if errors:
        raise ValidationError(errors)
    start = start or datetime.date(today.year, 1, 1)
    end = end or (today if start.year == today.year else datetime.date(start.year, 12, 31))
    if end < start:
        raise ValidationError({"end": [_("结束日期不能早于开始日期")]})
    if (end - start).days > 366 * 5:
        raise ValidationError({"end": [_("统计时段不能超过5年")]})
    return start, end


# the period parameters some statistics took before they all took ?start=&end=: refused, naming the new ones
RENAMED_PARAMETERS = {"date_from": "start", "date_to": "end"}


def refuse_renamed(params):
    """ValidationError naming the new parameter for each old one in `params` (a request with ?date_from= must not
    silently get this year's figures)."""
    renamed = {old: new for old, new in RENAMED_PARAMETERS.items() if old in params}
    if renamed:
        raise ValidationError({old: [_("参数 %(old)s 已停用，请改用 %(new)s") % {"old": old, "new": new}]
                               for old, new in renamed.items()})


def read_period(user, params, today=None):
    """(start, end, region) of a statistic from ?start=&end=&region=, as every statistics page and endpoint reads
    them: bad or renamed parameters raise ValidationError (400), a region outside the user's scope Http404."""
    refuse_renamed(params)
    start, end = parse_period(params.get("start"), params.get("end"), today=today)
    return start, end, resolve_region(user, params.get("region"))


def _parse(text):
    try:
        return parse_date(text.strip())
    except ValueError:
        return None


def resolve_region(user, region_param):
    """The region a statistic is for: the user's own by default; one outside his scope → Http404."""
    from django.http import Http404

    from yingji.platform.regions import codes
    from yingji.platform.regions.models import Region

    if region_param in (None, ""):
        return user.region
    text = str(region_param).strip()
    qs = Region.objects.restrict(user)
    if codes.is_full_code(text):  # 12 digits, 15 for a grid
        region = qs.filter(code=text).first()
    elif text.isdigit():
        region = qs.filter(pk=int(text)).first()
    else:
        region = None
    if region is None:
        raise Http404(_("区划不存在或不在您的管辖范围内"))
    return region
