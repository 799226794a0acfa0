"""{% choropleth start end region %}: the map by 乡镇（街道） of a measure the domains register (core/maplayers.py),
for the dashboard, the annual report or any page: `{% load map_tags %}{% choropleth data.start data.end code %}`."""

import itertools

from django import template
from django.urls import reverse

from yingji.platform.core import maplayers

register = template.Library()
_ids = itertools.count(1)


@register.inclusion_tag("map/_choropleth.html", takes_context=True)
def choropleth(context, start=None, end=None, region=None, measure=None, title=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    measures = maplayers.measures(user) if user is not None and user.is_authenticated else []
    chosen = next((m for m in measures if m.key == measure), measures[0] if measures else None)
    params = {"start": str(start or "")[:10], "end": str(end or "")[:10], "region": region or ""}
    n = next(_ids)
    return {
        "id": f"yj-choropleth-{n}", "params_id": f"yj-choropleth-{n}-params",
        "title": title,
        "measures": [{"key": m.key, "label": str(m.label), "unit": str(m.unit), "dated": m.dated,
                      "url": reverse("map:choropleth", args=[m.key])} for m in measures],
        "chosen": chosen.key if chosen else "",
        "params": {k: v for k, v in params.items() if v},
    }
