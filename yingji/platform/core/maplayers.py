"""The map layers registry (一张图): each domain app says, in its own `maplayers.py`, which of its records have a place.

A domain app registers a layer and, where it has figures by township, a choropleth measure::

    from yingji.platform.core import maplayers

    maplayers.register(maplayers.Layer(
        key="enterprises", label=_("企业（按风险等级）"), group=_("安全监管"), model=Enterprise,
        url="enterprises:enterprise_detail", list_url="enterprises:enterprise_list",
        filterset=EnterpriseFilterSet, popup=[(_("风险等级"), "risk_grade"), (_("地址"), "address")],
        style=maplayers.Style("risk_grade", {"A": "#d7191c", "B": "#fdae61", ...}), order=10))

    @maplayers.measure("hazards_open", label=_("未销号隐患"), permission="hazards.view_hazard", unit=_("项"))
    def open_hazards(user, start, end):
        return maplayers.by_township(Hazard.objects.restrict(user, "view").active().open())

A layer reads its records only through `model.objects.restrict(user, "view")` (the region and department scope),
then the ledger's own FilterSet (so `?risk_grade=A&township=…` mean on the map what they mean in the ledger), then
`base` (what the layer shows at all: open hazards, active alarms), and keeps the records with coordinates (`lon`, `lat`
paths, e.g. "enterprise__longitude"). Features are read as values, never as model instances, so a layer of 100,000
points is two queries and a few hundred milliseconds (yingji.analysis.map.services does the reading and the grid
clustering). yingji.analysis.map draws the layers; this module imports no domain.
"""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

#: colours for "good → bad" scales (ColorBrewer RdYlGn reversed); domains may use their own
RED, ORANGE, YELLOW, BLUE, GREEN, GREY, PURPLE = "#d7191c", "#fd8d3c", "#e6c229", "#2b83ba", "#1a9641", "#888888", \
    "#7b3294"


@dataclass(frozen=True)
class Style:
    """The colour of a feature from one of its fields: `colours[value]`, else `default`. `labels` name the values in
    the legend (default: the field's choices)."""

    field: str | None = None
    colours: dict = dc_field(default_factory=dict)
    default: str = BLUE
    labels: dict | None = None
    radius: int = 6

    def colour(self, value):
        return self.colours.get(value, self.default) if self.field else self.default


@dataclass
class Layer:
    key: str
    label: str
    group: str
    model: type
    url: str  # URL name of a record's page, taking its pk
    list_url: str = ""  # URL name of the ledger list the layer mirrors (its filters apply there too)
    permission: str = ""  # default: "<app>.view_<model>"
    title: str = "name"  # path of the feature's name
    lon: str = "longitude"
    lat: str = "latitude"
    popup: list = dc_field(default_factory=list)  # [(label, path)]: the fields shown when a feature is clicked
    style: Style = dc_field(default_factory=Style)
    filterset: type | None = None
    base: Callable | None = None  # qs -> qs: what the layer shows at all (open hazards, active alarms …)
    order: int = 100
    description: str = ""
    visible: bool = True  # shown when the map opens
    # an area layer: the features are the boundaries of the regions at this path (FK or many-to-many, e.g. a
    # warning's "areas"), not points; lon/lat are then unused
    areas: str | None = None
    # the map caches a layer's tiles per (scope, filters, zoom, tile) until a model it reads changes: its model,
    # the models on its lon/lat path and `depends_on` (models or "app.Model" labels its `base` reads). Raw SQL
    # that changes such rows sends core.models.rows_changed for their model (the monitoring ingest does); a layer
    # whose content changes with no signal at all sets cache=False.
    depends_on: tuple = ()
    cache: bool = True

    def __post_init__(self):
        if not self.permission:
            meta = self.model._meta
            self.permission = f"{meta.app_label}.view_{meta.model_name}"

    def dependencies(self):
        """The models whose changes change this layer: its model, those on its lon/lat (or areas) path, and
        `depends_on`."""
        from django.apps import apps

        found = {self.model}
        paths = [f"{self.areas}__boundary"] if self.areas else [self.lon, self.lat]
        for path in paths:
            model = self.model
            for part in path.split("__"):
                try:
                    f = model._meta.get_field(part)
                except Exception:  # noqa: BLE001 — an annotation, not a field
                    break
                if not (f.is_relation and f.related_model is not None):
                    break
                model = f.related_model
                found.add(model)
        for dep in self.depends_on:
            found.add(apps.get_model(dep) if isinstance(dep, str) else dep)
        return found

    def allowed(self, user):
        return bool(user and user.is_authenticated and user.has_perm(self.permission))

    def queryset(self, user, params=None, request=None):
        """The layer's records for `user`: restrict(user, "view"), the ledger's filters from `params`, `base`, and
        only those with coordinates. Raises FilterError with the form's Chinese errors when a filter is invalid."""
        qs = self.model.objects.restrict(user, "view")
        if self.filterset is not None:
            fs = self.filterset(params or {}, queryset=qs, request=request)
            if not fs.is_valid():
                raise FilterError({k: [str(m) for m in v] for k, v in fs.errors.items()})
            qs = fs.qs
        elif hasattr(qs, "active"):
            qs = qs.active()
        if self.base is not None:
            qs = self.base(qs)
        if self.areas:
            return qs.filter(**{f"{self.areas}__boundary__isnull": False})
        return qs.filter(**{f"{self.lon}__isnull": False, f"{self.lat}__isnull": False})

    def legend(self):
        """[(label, colour)] of the style's values."""
        s = self.style
        if not s.field:
            return [(str(self.label), s.default)]
        labels = s.labels
        if labels is None:
            labels = dict(_field_choices(self.model, s.field))
        return [(str(labels.get(v, v)), c) for v, c in s.colours.items()]

    def display(self, path):
        """A function value -> text for a popup field (a choice's label, a date, yes/no)."""
        choices = dict(_field_choices(self.model, path))
        if path == self.style.field and self.style.labels:  # an annotation named by the style
            choices = dict(self.style.labels)
        if choices:
            return lambda v: str(choices.get(v, v if v is not None else ""))
        return lambda v: "" if v is None else (_("是") if v is True else _("否") if v is False else str(v))


class FilterError(ValueError):
    def __init__(self, errors):
        super().__init__(str(errors))
        self.errors = errors


def _field_choices(model, path):
    f = None
    for part in path.split("__"):
        try:
            f = model._meta.get_field(part)
        except Exception:
            return []
        if f.is_relation and f.related_model is not None:
            model = f.related_model
    return list(getattr(f, "flatchoices", None) or [])


@dataclass(frozen=True)
class Measure:
    """A figure by 乡镇（街道） for a choropleth: fn(user, start, end) -> {township code prefix (9 digits): value}."""

    key: str
    label: str
    permission: str
    fn: Callable
    unit: str = ""
    dated: bool = True  # whether the period applies (a count of what is open now ignores it)
    order: int = 100


_layers = {}
_measures = {}


def register(layer):
    _layers[layer.key] = layer
    return layer


def measure(key, *, label, permission, unit="", dated=True, order=100):
    def wrap(fn):
        _measures[key] = Measure(key, label, permission, fn, unit, dated, order)
        return fn

    return wrap


def autodiscover():
    from yingji.platform.core.discovery import autodiscover as _discover

    _discover("maplayers")


def layers(user=None):
    """The registered layers in order; with `user`, those he may view."""
    autodiscover()
    out = sorted(_layers.values(), key=lambda la: (la.order, la.key))
    return [la for la in out if user is None or la.allowed(user)]


def get(key):
    autodiscover()
    return _layers.get(key)


def measures(user=None):
    autodiscover()
    out = sorted(_measures.values(), key=lambda m: (m.order, m.key))
    return [m for m in out if user is None or user.has_perm(m.permission)]


def get_measure(key):
    autodiscover()
    return _measures.get(key)


def by_township(qs, path="region", value=None):
    """{township code prefix: count (or the aggregate `value`)}: one grouped query on the first nine digits of the
    record's region code."""
    from yingji.platform.regions.choices import PREFIX_LENGTH, Level

    n = PREFIX_LENGTH[Level.TOWNSHIP]
    rows = qs.order_by().annotate(t=Substr(f"{path}__code", 1, n)).values("t").annotate(n=value or Count("pk"))
    return {r["t"]: r["n"] or 0 for r in rows}
