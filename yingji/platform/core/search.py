"""Global search (the top bar's 搜索): each app registers a ledger it makes searchable, by its list's filterset.

    search.register("enterprises", _("企业"), EnterpriseFilterSet, "enterprises:enterprise_list", order=10,
                    select_related=("region",))

The search runs the ledger's own `q` (its filterset's `search_fields`, icontains) over the records the user may view
(`restrict(user, "view")`, active ones), one query per ledger whatever the number of hits, at most `ROWS` each; a
ledger with more links to its list filtered by the same `?q=`, which shows exactly the records behind the count.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

ROWS = 10
MIN_LENGTH = 2


@dataclass(frozen=True)
class Ledger:
    key: str
    label: str
    filterset: type
    list_url: str
    order: int = 100
    select_related: tuple = ()

    @property
    def model(self):
        return self.filterset._meta.model


_ledgers = {}


def register(key, label, filterset, list_url, order=100, select_related=()):
    if not filterset.search_fields:
        raise ValueError(f"{filterset.__name__} has no search_fields to search")
    _ledgers[key] = Ledger(key, label, filterset, list_url, order, tuple(select_related))


def ledgers():
    return sorted(_ledgers.values(), key=lambda x: (x.order, x.key))


@dataclass
class Hits:
    ledger: Ledger
    rows: list
    more: bool
    list_url: str


def search(user, q):
    """[Hits] of every ledger the user may view with at least one record matching q (stripped; at least
    MIN_LENGTH characters, else [])."""
    from urllib.parse import urlencode

    q = (q or "").strip()
    if len(q) < MIN_LENGTH:
        return []
    found = []
    for ledger in ledgers():
        model = ledger.model
        if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        cond = Q()
        for field in ledger.filterset.search_fields:
            cond |= Q(**{f"{field}__icontains": q})
        qs = model.objects.restrict(user, "view")
        if hasattr(model, "voided_at"):
            qs = qs.filter(voided_at__isnull=True)
        rows = list(qs.filter(cond).select_related(*ledger.select_related)[:ROWS + 1])
        if rows:
            found.append(Hits(ledger, rows[:ROWS], len(rows) > ROWS,
                              f"{reverse(ledger.list_url)}?{urlencode({'q': q})}"))
    return found
