"""What a section builder gets: who asks, for which region and period, and helpers that keep every query scoped.

The period is any span of days within one year (a calendar year by default; 今年以来, a half year, a quarter, a
month …); 同比 compares with the same dates a year earlier (core.periods.previous_period). For a calendar-year
report whose previous year has no records of a kind, `previous_figure` gives the 基期 figure (BaselineFigure).
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yingji.platform.core.periods import period_label, previous_period
from yingji.platform.regions import codes
from yingji.platform.regions.choices import Level

FIRST_YEAR = 2000
QUARTERS = {1: "第一季度", 4: "第二季度", 7: "第三季度", 10: "第四季度"}


@dataclass(frozen=True)
class PreviousFigure:
    """Last year's figure a sentence compares with: from the records, or from the 基期 table."""

    value: object
    link: str | None
    baseline: object = None  # the BaselineFigure it came from, if any


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
        """True when the period is not the whole calendar year."""
        return not self.full_year

    @property
    def full_year(self):
        return self.start == datetime.date(self.year, 1, 1) and self.end == datetime.date(self.year, 12, 31)

    @property
    def year_to_date(self):
        """From 1 January of the current year to a day before its end: the report says 今年以来（截至…）."""
        return (self.start == datetime.date(self.year, 1, 1) and self.year == self.today.year
                and self.end < datetime.date(self.year, 12, 31))

    @property
    def period_text(self):
        """How the report names the period: 2023年 / 今年以来（截至11月30日） / 2023年1—6月 / 2023年7—9月."""
        if self.full_year:
            return f"{self.year}年"
        if self.year_to_date:
            return f"今年以来（截至{self.end.month}月{self.end.day}日）"
        return period_label(self.start, self.end)

    @property
    def whole_text(self):
        """The period in a sentence such as 全年未发生…: 全年 / 今年以来 / 上半年 / 第三季度 / 6月 / 期内."""
        if self.full_year:
            return "全年"
        if self.year_to_date:
            return "今年以来"
        month_end = (self.end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        if self.start.day == 1 and self.end == month_end:
            months = (self.start.month, self.end.month)
            if months == (1, 6):
                return "上半年"
            if months == (7, 12):
                return "下半年"
            if self.end.month - self.start.month == 2 and self.start.month in QUARTERS:
                return QUARTERS[self.start.month]
            if months[0] == months[1]:
                return f"{self.start.month}月"
            return f"{months[0]}—{months[1]}月"
        return "期内"

    @property
    def title_period(self):
        """The period in the report's title: 2023年 for a calendar year (also while it runs), else 2023年7—9月."""
        if self.full_year or self.year_to_date:
            return f"{self.year}年"
        return period_label(self.start, self.end)

    def period_params(self):
        """The query parameters that select this period on the report page (start, end)."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

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

    # --- 基期: last year's figure when no record of it exists --------------------------------------------------
    def baseline(self, indicator):
        """The BaselineFigure of `indicator` (a BaselineIndicator value) for the region and the previous year, or
        None. Only a calendar-year report uses one (the table holds whole years), and not for an industry
        department's user (the table holds the whole region's figures, his report only his department's)."""
        if not self.full_year or getattr(self.user, "department_scope", None) is not None:
            return None
        key = ("baseline", indicator)
        if key not in self.cache:
            from .models import BaselineFigure

            rows = self.cache.get("baselines")
            if rows is None:
                rows = self.cache["baselines"] = {
                    b.indicator: b for b in BaselineFigure.objects.restrict(self.user).filter(
                        region=self.region, year=self.year - 1, voided_at__isnull=True)}
            self.cache[key] = rows.get(indicator)
        return self.cache[key]

    def previous_figure(self, indicator, value, link, *, has_records):
        """Last year's figure for a sentence: the records' (`value`, `link`) when the previous period has records
        of this kind (`has_records`); else the 基期 figure of `indicator` when there is one; else the records'
        value (0). The sentence reads the same either way; the figure's link says where it came from."""
        if not has_records:
            row = self.baseline(indicator)
            if row is not None:
                return PreviousFigure(row.value if not row.is_count else int(row.value), row.get_absolute_url(), row)
        return PreviousFigure(value, link)

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


def build_context(user, region, year=None, *, start=None, end=None, today=None):
    """The context of `region`'s report for `year` (the calendar year, up to today in the current one) or for the
    days `start`..`end` within one year (an end after today is cut to today). A year not yet begun or before 2000,
    a period across two years, an end before the start: ValidationError with the reason in Chinese."""
    today = today or timezone.localdate()
    if start is None and end is None:
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ValidationError("年份应为四位数字，如 2023")
        if year < FIRST_YEAR or year > today.year:
            raise ValidationError(f"年份应在 {FIRST_YEAR} 至 {today.year} 之间")
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    else:
        if start is None or end is None:
            raise ValidationError("请同时填写开始日期和结束日期")
        if end < start:
            raise ValidationError("结束日期不能早于开始日期")
        if start.year != end.year:
            raise ValidationError("报告时段应在同一年度内（如 2023-07-01 至 2023-09-30）")
        if start.year < FIRST_YEAR or start > today:
            raise ValidationError(f"开始日期应在 {FIRST_YEAR}-01-01 至今天之间")
        year = start.year
    end = min(end, today)
    previous_start, previous_end = previous_period(start, end)
    return ReportContext(user=user, region=region, year=year, start=start, end=end,
                         previous_start=previous_start, previous_end=previous_end, today=today)
