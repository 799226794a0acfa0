"""The dashboard figures registry: each domain contributes the statistics of its own records.

A domain app's `dashboard.py` (found through INSTALLED_APPS, like the report sections' report.py) registers a
provider::

    from yingji.platform.core import dashboard

    @dashboard.provider("hazards", order=30, permission="hazards.view_hazard")
    def hazard_figures(req):
        ...
        return dashboard.Contribution(data={...}, headline=[dashboard.figure(...), ...],
                                      monthly={"hazards": dashboard.monthly(qs, "found_on")},
                                      townships={"hazards": dashboard.TownshipColumn(counts, url_of)})

`req` (a DashboardRequest) carries the user, the period, the region (None: the user's whole scope), the values of
the extra parameters domains registered with `dashboard.parameter(...)` (the campaigns' 专项行动), and builds the
URL of a list filtered to exactly the records behind a figure (`req.list_url`). Every query goes through
`restrict(user, "view")` and aggregates, so the number of queries does not grow with the records.

yingji.analysis.dashboard assembles the contributions in `order`: the headline table, one JSON section per key, the
monthly trend (this period and the same months last year) and the table by 乡镇（街道）. It imports no domain.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import quote_plus

from django.db.models import Count
from django.db.models.functions import Substr, TruncMonth
from django.urls import reverse

from .filtersets import filter_subtree
from .periods import previous_period
from .phrasing import percent_change, yoy


@dataclass
class DashboardRequest:
    user: object
    start: object
    end: object
    region: object = None
    params: dict = field(default_factory=dict)
    today: object = None
    _urls: dict = field(default_factory=dict, init=False, repr=False)  # list name -> its path (reverse), per request

    @cached_property
    def previous(self):
        return previous_period(self.start, self.end)

    def period(self, previous=False):
        return self.previous if previous else (self.start, self.end)

    def records(self, qs):
        """`qs`, or `qs.none()` when it holds no record at all: one EXISTS query, after which every figure counted
        from it (and from queries built on it) is 0 without a query of its own. For a domain that has no records in
        the region yet (no warning issued, no drill held): its figures, links included, are the same either way."""
        return qs if qs.exists() else qs.none()

    def in_region(self, qs, path="region", region=None):
        """`qs` narrowed to the region (or `region`) and everything under it; no region: unchanged."""
        return filter_subtree(qs, path, region if region is not None else self.region)

    def narrow(self, qs, path="region", region=None):
        """`qs` in the region (in_region) and narrowed by the parameters its model declares (专项行动, 来源:
        core.stats.narrow), the one way every provider applies them."""
        from .stats import narrow

        return narrow(self.in_region(qs, path, region), self.params)

    def list_filters(self, model):
        """The parameters `model` declares, as filters of its list URL ({"campaign": 3, "source": "grid"})."""
        from .stats import list_filters

        return list_filters(model, self.params)

    def list_url(self, name, dates=None, *, previous=False, region=None, **filters):
        """The URL of the list `name` filtered to the records behind a figure: the period in the list's own date
        filters (`dates` = (after, before) names; None for a list of what exists today), the region by its code
        (the lists' `?region=`: the region and everything under it) and `filters`."""
        region = region if region is not None else self.region
        params = {}
        if dates is not None:
            a, b = self.period(previous)
            params.update({dates[0]: a.isoformat(), dates[1]: b.isoformat()})
        if region is not None:
            params["region"] = region.code
        params.update(filters)
        path = self._urls.get(name)
        if path is None:
            path = self._urls[name] = reverse(name)
        query = "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in params.items() if v not in (None, ""))
        return f"{path}?{query}" if query else path


@lru_cache(maxsize=4096)
def _quote(text):
    return quote_plus(text)


def _quoted(value):
    """A key or value of a list URL's query string as urllib.parse.urlencode writes it (str() of it, quote_plus),
    the few distinct ones (dates, region codes, choice values, ids) quoted once per process."""
    return _quote(str(value))


@dataclass
class TownshipColumn:
    """A column of the table by 乡镇（街道）: counts by the township's code prefix (`by_township`) and the URL of the
    records behind one township's count (`url(township)`)."""

    counts: dict
    url: Callable


@dataclass
class Contribution:
    data: dict = field(default_factory=dict)  # the section of the dashboard JSON under the provider's key
    headline: list = field(default_factory=list)  # figures of the headline table, in order
    monthly: dict = field(default_factory=dict)  # series -> {"YYYY-MM": n} over this period and last year's
    townships: dict = field(default_factory=dict)  # column -> TownshipColumn
    township_rates: dict = field(default_factory=dict)  # column -> (numerator column, denominator column)


@dataclass(frozen=True)
class Provider:
    key: str
    order: int
    permission: str
    build: Callable


_providers = {}
_parameters = {}


def provider(key, *, order, permission):
    """Register `fn(req) -> Contribution` as the figures of `key`; `permission` says whether the user may follow
    them (the figures themselves are always restricted to what he may view)."""

    def wrap(fn):
        _providers[key] = Provider(key, order, permission, fn)
        return fn

    return wrap


def parameter(param):
    """Register an extra query parameter of the dashboard (a yingji.platform.core.stats.StatsParameter); its value
    reaches every provider as req.params[name]."""
    _parameters[param.name] = param
    return param


def providers():
    autodiscover()
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def parameters():
    autodiscover()
    return list(_parameters.values())


def autodiscover():
    """Import `<app>.dashboard` of every installed yingji app (once), so each registers its part."""
    from yingji.platform.core.discovery import autodiscover as _discover

    _discover("dashboard")


def figure(key, label, value, last_year, url, unit="", previous_url=None, note=""):
    """One figure of the dashboard: value, the same period last year, 同比 as a percentage and a phrase, the URL of
    the records behind it (and behind last year's figure)."""
    change = percent_change(value, last_year) if last_year is not None else None
    return {"id": key, "label": label, "value": value, "unit": unit, "last_year": last_year,
            "change_percent": str(change) if change is not None else None,
            "phrase": yoy(value, last_year) if last_year is not None else "",
            "url": url, "previous_url": previous_url, "note": note}


def monthly(qs, field_name):
    """{"YYYY-MM": count} of the records by month of a date field."""
    rows = qs.order_by().annotate(month=TruncMonth(field_name)).values("month").annotate(n=Count("pk"))
    return {f"{r['month']:%Y-%m}": r["n"] for r in rows if r["month"] is not None}


def months_between(start, end):
    y, m, out = start.year, start.month, []
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def township_prefix():
    from yingji.platform.regions.choices import PREFIX_LENGTH, Level

    return PREFIX_LENGTH[Level.TOWNSHIP]


def by_township(qs, path="region"):
    """{township code prefix: count}: one grouped query on the first nine digits of the record's region code."""
    n = township_prefix()
    rows = qs.order_by().annotate(t=Substr(f"{path}__code", 1, n)).values("t").annotate(n=Count("pk"))
    return {r["t"]: r["n"] for r in rows}
