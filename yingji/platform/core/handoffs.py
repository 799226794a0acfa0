"""One-step handover of an incident to another domain's record (移交建档), without importing that domain.

The duty desk receives an incident (command/incidents); when it is a production-safety accident or a natural
disaster, the bureau keeps a record of it in another domain (supervision/accidents, disaster/losses). Those apps
register here, in their `<app>/handoffs.py` (found by `discovery.autodiscover("handoffs")`), a provider:

    handoffs.register("accident", _("生产安全事故"), "accidents.add_accident", create, categories=("accident",))

`create(incident_data, actor)` builds and saves the record from a plain dict (no incident object: the provider never
imports the command domain) and returns the saved record (it has get_absolute_url()); a refusal is a Chinese
ValidationError. The incident keeps a generic reference to it (content type, id, url, label). `incident_data`:

    title, category, incident_type, occurred_at, received_at, place, region_id, longitude, latitude, deaths,
    missing, injuries, trapped, evacuated, grade (1 特别重大 … 4 一般), summary, reporter_name, reporter_unit, url
"""

from collections.abc import Callable
from dataclasses import dataclass

from .discovery import autodiscover


@dataclass(frozen=True)
class Handoff:
    kind: str
    label: str
    permission: str  # the permission the user needs to create the record ("app.add_model")
    create: Callable  # (incident_data: dict, actor) -> saved record
    categories: tuple = ()  # incident categories it is offered for; empty = all


_providers = {}


def register(kind, label, permission, create, *, categories=()):
    _providers[kind] = Handoff(kind, label, permission, create, tuple(categories))


def providers():
    autodiscover("handoffs")
    return dict(_providers)


def get(kind):
    return providers().get(kind)


def available(user, category=None):
    """The handoffs `user` may do, for an incident of `category` (None: any)."""
    return [h for h in providers().values() if user.has_perm(h.permission)
            and (not h.categories or category is None or category in h.categories)]
