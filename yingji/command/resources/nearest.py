"""Nearest resources to a point: standby teams, warehouses holding a supply in the needed quantity, shelters with
free places.

PostgreSQL (production): one statement per search. Each kind is a KNN subquery, `ORDER BY point(lon, lat) <->
point(x, y) LIMIT m`, that a GiST index on point(lon::float8, lat::float8) (migration 0003) answers nearest first
by the planar distance in degrees, reading about m rows whatever the table's size; the kinds of one search are
joined with UNION ALL, so the dispatch page's search (teams, stock, shelters) is one round trip. The planar order
is not the great-circle order (a degree of longitude is shorter than one of latitude), so the m candidates are
re-ranked by the exact haversine distance, and they are proved enough: every point within great-circle distance D
of the place lies within planar distance `plane_reach(lat, D)` of it, so when the m-th candidate is farther than
the reach of the k-th best distance, no row left out can be among the k nearest. Otherwise (rare: a place near a
pole, or many ties) that kind is asked again with four times m. The result equals a brute-force scan.

SQLite (the demo): a bounding box on the indexed (lat, lon) columns picks the candidates, the exact haversine
distance ranks them; the box grows (5, 10, 20 … km) until it holds k candidates within its inscribed circle, so
the k found are the true k nearest. Each kind of search starts at the radius where the last one succeeded.

Both read only (id, lon, lat) of the candidates; the k records are loaded in one query per kind when first used
(`Found.obj`). Results are limited to MAX_KM. Longitudes are not wrapped at ±180° (China is far from it).

Road distance is pluggable: `set_distance_function(fn)` with fn((lon, lat), (lon, lat)) -> km (an offline OSRM or
Valhalla client, say). The straight line is a lower bound of any road, so the search first over-fetches
k × ROAD_OVERFETCH candidates by straight line and the function ranks those.
"""

import math

from django.db import connection
from django.db.models import F

from .choices import TeamStatus
from .models import RescueTeam, Shelter, Stock

EARTH_KM = 6371.0088
RADII_KM = (5, 10, 20, 40, 80, 160, 320, 640)
MAX_KM = RADII_KM[-1]
ROAD_OVERFETCH = 3


def haversine_km(a, b):
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def plane_reach(lat, km):
    """Degrees: every point within `km` (great circle) of a place at latitude `lat` lies within this planar
    distance sqrt(Δlon² + Δlat²) of it; None when no such bound holds (the circle reaches a pole).

    With θ = km / R and c² = cos φ1 · cos φ2 ≥ cos|φ1| · cos(|φ1| + θ) (|φ2| ≤ |φ1| + θ), the haversine formula
    hav θ = hav Δφ + c² hav Δλ gives c² (hav Δφ + hav Δλ) ≤ hav θ; both differences are at most
    a = 2 asin(sin(θ/2) / c) (≥ θ), and on [0, a] sin(x/2) ≥ (x/2) · sinc(a/2) (sine is concave), so
    Δφ² + Δλ² ≤ (2 sin(θ/2) / (c · sinc(a/2)))². A relative margin covers the floating point."""
    theta = km / EARTH_KM
    phi = abs(math.radians(lat))
    if phi + theta >= math.pi / 2:
        return None
    c = math.sqrt(math.cos(phi) * math.cos(phi + theta))
    s = math.sin(theta / 2) / c
    if s >= 1:
        return None
    half = math.asin(s)  # a / 2
    sinc = math.sin(half) / half if half > 0 else 1.0
    return math.degrees(2 * math.sin(theta / 2) / (c * sinc)) * (1 + 1e-9) + 1e-12


_distance = None  # None: straight line


def set_distance_function(fn):
    """Rank candidates by fn((lon, lat), (lon, lat)) -> km (road distance); None restores the straight line."""
    global _distance
    _distance = fn


def bbox(lon, lat, km):
    dlat = km / 111.195
    dlon = km / (111.195 * max(math.cos(math.radians(lat)), 0.01))
    return lon - dlon, lon + dlon, lat - dlat, lat + dlat


class Found:
    """One resource found: its id, its distance (km) and the record, loaded for all the results of one search in one
    query the first time any of them is asked for its `obj` (a caller that needs only ids and distances, like
    the benchmark's comparison, never instantiates a model)."""

    __slots__ = ("pk", "km", "_batch")

    def __init__(self, pk, km, batch):
        self.pk, self.km, self._batch = pk, km, batch

    @property
    def obj(self):
        return self._batch.load().get(self.pk)

    def __repr__(self):
        return f"Found(pk={self.pk}, km={self.km})"


class _Batch:
    def __init__(self, qs, pks):
        self.qs, self.pks, self.objs = qs, pks, None

    def load(self):
        if self.objs is None:
            self.objs = self.qs.in_bulk(self.pks)
        return self.objs


class _Kind:
    """One kind of resource to search: the rows allowed (scope and condition), where their lon/lat are, and the
    queryset their records are loaded from."""

    def __init__(self, key, qs, load_qs, prefix=""):
        self.key, self.qs, self.load_qs = key, qs.order_by(), load_qs
        self.lon, self.lat = f"{prefix}lon", f"{prefix}lat"


def _teams(user, kind=None):
    qs = RescueTeam.objects.restrict(user, "view").filter(voided_at__isnull=True, status=TeamStatus.STANDBY)
    if kind:
        qs = qs.filter(kind=kind)
    return _Kind("teams", qs, RescueTeam.objects.select_related("region"))


def _stocks(user, item, quantity):
    qs = Stock.objects.restrict(user, "view").filter(item=item, warehouse__voided_at__isnull=True,
                                                     on_hand__gte=F("reserved") + quantity)
    return _Kind("stocks", qs, Stock.objects.select_related("warehouse", "warehouse__region", "item"),
                 prefix="warehouse__")


def _shelters(user, people):
    qs = Shelter.objects.restrict(user, "view").filter(voided_at__isnull=True,
                                                       occupancy__lte=F("capacity") - people)
    return _Kind("shelters", qs, Shelter.objects.select_related("region"))


def nearest_all(user, lon, lat, k=5, *, item=None, quantity=None, people=None, team_kind=None):
    """The dispatch page's search in one go: {"teams": [Found], "stocks": [...] when `item` is given (balance
    rows with at least `quantity` available), "shelters": [...] when `people` is given}. One statement on
    PostgreSQL."""
    kinds = [_teams(user, team_kind)]
    if item:
        kinds.append(_stocks(user, item, quantity))
    if people:
        kinds.append(_shelters(user, people))
    return _find(kinds, lon, lat, k)


def nearest_teams(user, lon, lat, k=5, *, kind=None):
    return _find([_teams(user, kind)], lon, lat, k)["teams"]


def nearest_stock(user, item, quantity, lon, lat, k=5):
    """Balance rows of `item` with at least `quantity` available (on hand less reserved), nearest warehouse first."""
    return _find([_stocks(user, item, quantity)], lon, lat, k)["stocks"]


def nearest_shelters(user, people, lon, lat, k=5):
    return _find([_shelters(user, people)], lon, lat, k)["shelters"]


def _find(kinds, lon, lat, k):
    want = k * (ROAD_OVERFETCH if _distance else 1)
    if connection.vendor == "postgresql":
        hits = _knn(kinds, lon, lat, want)
    else:
        hits = {kind.key: _search(kind, lon, lat, want) for kind in kinds}
    return {kind.key: _rank(kind.load_qs, hits[kind.key], lon, lat, k) for kind in kinds}


# -- PostgreSQL: KNN on a GiST index, exact re-ranking ---------------------------------------------------------

CANDIDATES = 3  # m = CANDIDATES × want + 10 rows read per kind in the first round


def _knn_sql(index, kind, lon, lat, limit):
    """The KNN query of one kind: its rows (scope and condition as the ORM writes them) ordered by the planar
    distance that the GiST index on point(lon::float8, lat::float8) answers nearest first. The inner query is
    simple, so PostgreSQL flattens it and the ORDER BY meets the index."""
    sql, params = kind.qs.values_list("pk", kind.lon, kind.lat).query.sql_with_params()
    return (f"(SELECT c.pk, c.x, c.y, {int(index)}, point(c.x::float8, c.y::float8) <-> point(%s, %s) AS d "
            f"FROM ({sql}) AS c(pk, x, y) ORDER BY d{'' if limit is None else f' LIMIT {int(limit)}'})",
            (float(lon), float(lat), *params))


def _knn(kinds, lon, lat, want):
    limits = {i: CANDIDATES * want + 10 for i in range(len(kinds))}
    hits = {}
    while limits:
        parts = [_knn_sql(i, kinds[i], lon, lat, limit) for i, limit in limits.items()]
        rows = {i: [] for i in limits}
        with connection.cursor() as cursor:  # the kinds' KNN queries as one statement: one round trip
            cursor.execute(" UNION ALL ".join(sql for sql, _p in parts), [p for _s, ps in parts for p in ps])
            for pk, x, y, i, d in cursor.fetchall():
                rows[i].append((pk, float(x), float(y), d))
        for i, got in rows.items():
            limit = limits.pop(i)
            ranked = sorted((km, pk, x, y) for pk, x, y, _d in got
                            if (km := haversine_km((lon, lat), (x, y))) <= MAX_KM)
            if limit is not None and len(got) >= limit:  # rows were left out: are they all farther?
                kth = ranked[want - 1][0] if len(ranked) >= want else MAX_KM
                reach = plane_reach(lat, kth)
                if reach is None or max(d for *_r, d in got) <= reach:
                    limits[i] = None if reach is None else limit * 4
                    continue
            hits[kinds[i].key] = [(pk, km, x, y) for km, pk, x, y in ranked[:want]]
    return hits


# -- SQLite: a growing bounding box -------------------------------------------------------------------------------

#: where the last search of each kind found enough (an index into RADII_KM): the next search starts there, so a
#: dense province needs one query and a sparse one does not climb from 5 km every time
_start = {}


def _search(kind, lon, lat, want, *, max_km=MAX_KM):
    """[(pk, km, x, y)] of the `want` nearest rows of the kind, nearest first.

    Correct from any starting radius: a row outside the circle of radius r inscribed in the box may be nearer than
    one farther than r, so only the rows inside the circle count, and the box grows until enough of them are
    found."""
    qs, lon_f, lat_f = kind.qs, kind.lon, kind.lat
    radii = [x for x in RADII_KM if x < max_km] + [max_km]
    memo = (qs.model._meta.label, lon_f, want)
    first = min(_start.get(memo, 0), len(radii) - 1)
    for i in range(first, len(radii)):
        r = radii[i]
        x0, x1, y0, y1 = bbox(lon, lat, r)
        rows = qs.filter(**{f"{lat_f}__gte": y0, f"{lat_f}__lte": y1, f"{lon_f}__gte": x0, f"{lon_f}__lte": x1}
                         ).values_list("pk", lon_f, lat_f)
        inside = []
        for pk, x, y in rows:
            x, y = float(x), float(y)
            km = haversine_km((lon, lat), (x, y))
            if km <= r:
                inside.append((km, pk, x, y))
        if len(inside) >= want or r >= max_km:
            _start[memo] = i - 1 if (i > 0 and len(inside) >= 4 * want) else i
            inside.sort()
            return [(pk, km, x, y) for km, pk, x, y in inside[:want]]
    return []


def _rank(load_qs, hits, lon, lat, k):
    batch = _Batch(load_qs, [pk for pk, _km, _x, _y in hits])
    result = []
    for pk, km, x, y in hits:
        if _distance is not None:
            km = _distance((lon, lat), (x, y))
        result.append(Found(pk, round(km, 2), batch))
    result.sort(key=lambda f: f.km)
    return result[:k]


def brute_force(points, lon, lat, k):
    """The baseline the benchmark compares with: every point's haversine distance, sorted."""
    return sorted(((haversine_km((lon, lat), p), i) for i, p in enumerate(points)))[:k]
