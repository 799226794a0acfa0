"""The base of every HTML statistics page: ?start=&end=&region= read as the statistics API reads them
(periods.read_period), one form (templates/core/_period_form.html) and one layout (templates/core/stats_page.html).

A page names its `model` (whose view permission it needs), `title`, `template_name` (extending core/stats_page.html
and filling its `stats` block) and `compute(start, end, region, **extra)` returning the template's context. Bad
dates or parameters answer 400 with the messages above the form; a region outside the user's scope 404, as in the
API.

Parameters beyond the period and region (专项行动 ?campaign=, 来源 ?source=) are StatsParameter objects registered
once with `core.dashboard.parameter` by the domain that owns them (campaigns the campaign, hazards the source).
A model says which of them apply to its records and how in `stats_filters` ({parameter: lookup path, or a
callable value -> Q}); `narrow(qs, params)` applies them, the same way on every page, API, dashboard figure and
list filter. A page or endpoint offers, by default, the registered parameters its model declares
(`parameters_for(model)`), or names its own `extra_params`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.shortcuts import render
from django.views import View

from .periods import read_period
from .views import ScopedViewMixin


@dataclass(frozen=True)
class StatsParameter:
    """An extra query parameter of a statistics page (and its API): `choices(user)` → [(value, label)] for the
    form; `resolve(user, text)` → the object it names, None for an empty value, ValidationError otherwise."""

    name: str
    label: str
    choices: Callable
    resolve: Callable
    empty_label: str = ""


def region_options(user):
    """The regions offered by the form: the user's scope down to 乡镇（街道）, every one of them (a large county's
    townships are never cut off), by code. A village can still be asked for by its code or id."""
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    return Region.objects.restrict(user).active().filter(level__lte=Level.TOWNSHIP).order_by("code")


def narrow(qs, params):
    """`qs` narrowed by the statistics parameters ({name: value}) its model declares in `stats_filters`; an empty
    value, or a parameter the model does not declare (an accident has no 专项行动), leaves it as it is."""
    from django.db.models import Q

    declared = getattr(qs.model, "stats_filters", {})
    for name, value in params.items():
        how = declared.get(name)
        if how is None or value in (None, ""):
            continue
        qs = qs.filter(how(value) if callable(how) else Q(**{how: value}))
    return qs


def parameters_for(model):
    """The registered statistics parameters that `model` declares in `stats_filters`, in registration order."""
    from .dashboard import parameters

    declared = getattr(model, "stats_filters", {})
    return [p for p in parameters() if p.name in declared]


def list_filters(model, params):
    """{name: value} for a list URL of `model`'s records: the parameters it declares (a record by its id)."""
    declared = getattr(model, "stats_filters", {})
    return {name: getattr(value, "pk", value) for name, value in params.items()
            if name in declared and value not in (None, "")}


def read_extra(user, params, extra_params):
    values, errors = {}, {}
    for p in extra_params:
        try:
            values[p.name] = p.resolve(user, (params.get(p.name) or "").strip())
        except ValidationError as e:
            errors[p.name] = e.messages
    if errors:
        raise ValidationError(errors)
    return values


class PeriodStatsView(ScopedViewMixin, View):
    model = None
    action = "view"
    title = ""
    template_name = None
    extra_params = None  # None: the registered parameters the model declares (parameters_for)

    def compute(self, start, end, region, **extra):
        """The figures of the period: every subclass defines it (the page is configuration plus this)."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define compute(start, end, region)")

    def get_extra_params(self):
        return parameters_for(self.model) if self.extra_params is None else list(self.extra_params)

    def get(self, request):
        user = request.user
        errors, context = [], {}
        extra_params = self.get_extra_params()
        params = {k: request.GET.get(k, "") for k in ("start", "end", "region", *(p.name for p in extra_params))}
        try:
            start, end, region = read_period(user, request.GET)
            extra = read_extra(user, request.GET, extra_params)
        except ValidationError as e:
            errors = [m for msgs in e.message_dict.values() for m in msgs]
        else:
            params["start"], params["end"] = params["start"] or start.isoformat(), params["end"] or end.isoformat()
            context = self.compute(start, end, region, **extra)
        fields = [{"name": p.name, "label": p.label, "empty_label": p.empty_label, "value": params[p.name],
                   "options": [(str(v), label) for v, label in p.choices(user)]} for p in extra_params]
        return render(request, self.template_name, {
            **self.common_context(), **context, "title": self.title, "errors": errors, "ok": not errors,
            "params": params, "regions": region_options(user), "extra_fields": fields,
        }, status=400 if errors else 200)
