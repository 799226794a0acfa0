"""The base of every HTML statistics page: ?start=&end=&region= read as the statistics API reads them
(periods.read_period), one form (templates/core/_period_form.html) and one layout (templates/core/stats_page.html).

A page names its `model` (whose view permission it needs), `title`, `template_name` (extending core/stats_page.html
and filling its `stats` block) and `compute(start, end, region, **extra)` returning the template's context. Extra
parameters of one page (the inspections' 专项行动) are `extra_params`: StatsParameter objects that offer their
choices in the form and resolve the submitted value. Bad dates or parameters answer 400 with the messages above the
form; a region outside the user's scope 404, as in the API.
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
    extra_params = ()

    def compute(self, start, end, region, **extra):
        """The figures of the period: every subclass defines it (the page is configuration plus this)."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define compute(start, end, region)")

    def get(self, request):
        user = request.user
        errors, context = [], {}
        params = {k: request.GET.get(k, "") for k in ("start", "end", "region", *(p.name for p in self.extra_params))}
        try:
            start, end, region = read_period(user, request.GET)
            extra = read_extra(user, request.GET, self.extra_params)
        except ValidationError as e:
            errors = [m for msgs in e.message_dict.values() for m in msgs]
        else:
            params["start"], params["end"] = params["start"] or start.isoformat(), params["end"] or end.isoformat()
            context = self.compute(start, end, region, **extra)
        fields = [{"name": p.name, "label": p.label, "empty_label": p.empty_label, "value": params[p.name],
                   "options": [(str(v), label) for v, label in p.choices(user)]} for p in self.extra_params]
        return render(request, self.template_name, {
            **self.common_context(), **context, "title": self.title, "errors": errors, "ok": not errors,
            "params": params, "regions": region_options(user), "extra_fields": fields,
        }, status=400 if errors else 200)
