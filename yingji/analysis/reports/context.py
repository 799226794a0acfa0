"""What a section builder gets: who asks, for which region and year, and helpers that keep every query scoped."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yingji.platform.regions import codes
from yingji.platform.regions.choices import Level

FIRST_YEAR = 2000


def _same_day_last_year(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass
class ReportContext:
    user: object
    region: object
    year: int
    start: datetime.date
    end: datetime.date  # inclusive
    previous_start: datetime.date
    previous_end: datetime.date
    today: datetime.date
    cache: dict = field(default_factory=dict)

    # --- the period -----------------------------------------------------------------------------------------
    @property
    def partial(self):
        """True when the year is not over yet (the report then says 今年以来（截至…）)."""
        return self.end < datetime.date(self.year, 12, 31)

    @property
    def period_text(self):
        """How the report names the period: 2023年 / 今年以来（截至11月30日）."""
        if self.partial:
            return f"今年以来（截至{self.end.month}月{self.end.day}日）"
        return f"{self.year}年"

    @property
    def whole_text(self):
        """全年 or 今年以来, for sentences such as 全年未发生…"""
        return "今年以来" if self.partial else "全年"

    @property
    def place(self):
        """全县 / 全镇 / 全区 … from the region's name."""
        name = self.region.name
        for suffix in ("自治县", "自治旗", "县", "区", "市", "旗", "镇", "乡", "街道", "省", "村"):
            if name.endswith(suffix):
                return "全" + {"自治县": "县", "自治旗": "旗"}.get(suffix, suffix)
        return "全" + {Level.TOWNSHIP: "镇", Level.VILLAGE: "村"}.get(self.region.level, "县")

    def bounds(self, previous=False):
        """(first day, last day) of the period or of the same period last year."""
        return (self.previous_start, self.previous_end) if previous else (self.start, self.end)

    def period_filter(self, field_name, previous=False, *, is_datetime=True):
        """Filter kwargs selecting `field_name` within the period (local dates; datetimes as a half-open range)."""
        start, end = self.bounds(previous)
        if not is_datetime:
            return {f"{field_name}__gte": start, f"{field_name}__lte": end}
        tz = timezone.get_current_timezone()
        lo = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
        hi = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz)
        return {f"{field_name}__gte": lo, f"{field_name}__lt": hi}

    # --- scoped queries ----------------------------------------------------------------------------------------
    def region_filter(self, model):
        """Filter kwargs for the region subtree of the report, along the model's scope_region_field."""
        lo, hi = codes.subtree_bounds(self.region.code, self.region.level)
        path = getattr(model, "scope_region_field", "region")
        prefix = f"{path}__code" if path else "code"
        return {f"{prefix}__gte": lo, f"{prefix}__lte": hi}

    def scoped(self, model, action="view"):
        """The model's records the user may see, in the report's region, voided ones left out."""
        qs = model.objects.restrict(self.user, action).filter(**self.region_filter(model))
        if hasattr(model, "voided_at"):
            qs = qs.filter(voided_at__isnull=True)
        return qs

    def records(self, model, date_field, previous=False, *, is_datetime=None):
        """scoped(model) within the period (or last year's same period) by `date_field`."""
        if is_datetime is None:
            is_datetime = isinstance(_field_at(model, date_field), models.DateTimeField)
        return self.scoped(model).filter(**self.period_filter(date_field, previous, is_datetime=is_datetime))

    def can_view(self, model):
        from yingji.platform.core.models import perm_name

        return bool(self.user and self.user.has_perm(perm_name(model, "view")))

    # --- links -------------------------------------------------------------------------------------------------
    def link(self, url_name, *args, **params):
        """The URL of a (filtered) list or API query, or None when that page does not exist."""
        try:
            url = reverse(url_name, args=args)
        except NoReverseMatch:
            return None
        params = {k: v for k, v in params.items() if v not in (None, "")}
        return f"{url}?{urlencode(params)}" if params else url

    def date_params(self, after, before, previous=False):
        """{after: first day, before: last day} as ISO dates, for a list's date-range filter."""
        start, end = self.bounds(previous)
        return {after: start.isoformat(), before: end.isoformat()}

    @property
    def township_param(self):
        """The region's pk when the report is for one township (lists filter by ?township=pk), else None."""
        return self.region.pk if self.region.level == Level.TOWNSHIP else None


def _field_at(model, path):
    """The model field at the end of a lookup path such as "case__decided_on"."""
    f = None
    for name in path.split("__"):
        f = model._meta.get_field(name)
        if f.is_relation and f.related_model is not None:
            model = f.related_model
    return f


def build_context(user, region, year, *, today=None):
    """The context of `region`'s report for `year`; a year not yet begun or before 2000 is a ValidationError."""
    today = today or timezone.localdate()
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError("年份应为四位数字，如 2023")
    if year < FIRST_YEAR or year > today.year:
        raise ValidationError(f"年份应在 {FIRST_YEAR} 至 {today.year} 之间")
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), today)
    return ReportContext(user=user, region=region, year=year, start=start, end=end,
                         previous_start=_same_day_last_year(start), previous_end=_same_day_last_year(end),
                         today=today)
