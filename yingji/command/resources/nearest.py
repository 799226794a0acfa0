"""Nearest resources to a point: standby teams, warehouses holding a supply in the needed quantity, shelters with
free places.

Straight-line distance: a bounding box on the indexed (lat, lon) columns picks the candidates (one indexed range
query), the exact haversine distance ranks them; the box grows (5, 10, 20 … km) until it holds k candidates within
its inscribed circle, so the k found are the true k nearest. Only (id, lon, lat) are read for the candidates, with
no ORDER BY; the k records are loaded in one query when first used (`Found.obj`). Each kind of search starts at
the radius where the last one succeeded.

Road distance is pluggable: `set_distance_function(fn)` with fn((lon, lat), (lon, lat)) -> km (an offline OSRM or
Valhalla client, say). The straight line is a lower bound of any road, so the box search first over-fetches
k × ROAD_OVERFETCH candidates by straight line and the function ranks those.
"""

import math

from django.db.models import F

from .choices import TeamStatus
from .models import RescueTeam, Shelter, Stock

EARTH_KM = 6371.0088
RADII_KM = (5, 10, 20, 40, 80, 160, 320, 640)
ROAD_OVERFETCH = 3


def haversine_km(a, b):
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


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


#: where the last search of each kind found enough (an index into RADII_KM): the next search starts there, so a
#: dense province needs one query and a sparse one does not climb from 5 km every time
_start = {}


def _search(qs, lon, lat, k, *, prefix="", max_km=RADII_KM[-1]):
    """[(pk, km, x, y)] of the k nearest rows of qs (whose lon/lat are at `prefix`), nearest first.

    Correct from any starting radius: a row outside the circle of radius r inscribed in the box may be nearer than
    one farther than r, so only the rows inside the circle count, and the box grows until k of them are found."""
    want = k * (ROAD_OVERFETCH if _distance else 1)
    lon_f, lat_f = f"{prefix}lon", f"{prefix}lat"
    radii = [x for x in RADII_KM if x < max_km] + [max_km]
    memo = (qs.model._meta.label, prefix, want)
    first = min(_start.get(memo, 0), len(radii) - 1)
    qs = qs.order_by()  # no sort (and no join to the region for it): the rows are ranked here
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


def _rank(model_qs, hits, lon, lat, k):
    batch = _Batch(model_qs, [pk for pk, _km, _x, _y in hits])
    result = []
    for pk, km, x, y in hits:
        if _distance is not None:
            km = _distance((lon, lat), (x, y))
        result.append(Found(pk, round(km, 2), batch))
    result.sort(key=lambda f: f.km)
    return result[:k]


def nearest_teams(user, lon, lat, k=5, *, kind=None):
    qs = RescueTeam.objects.restrict(user, "view").filter(voided_at__isnull=True, status=TeamStatus.STANDBY)
    if kind:
        qs = qs.filter(kind=kind)
    hits = _search(qs, lon, lat, k)
    return _rank(RescueTeam.objects.select_related("region"), hits, lon, lat, k)


def nearest_stock(user, item, quantity, lon, lat, k=5):
    """Balance rows of `item` with at least `quantity` available (on hand less reserved), nearest warehouse first."""
    qs = Stock.objects.restrict(user, "view").filter(item=item, warehouse__voided_at__isnull=True,
                                                     on_hand__gte=F("reserved") + quantity)
    hits = _search(qs, lon, lat, k, prefix="warehouse__")
    return _rank(Stock.objects.select_related("warehouse", "warehouse__region", "item"), hits, lon, lat, k)


def nearest_shelters(user, people, lon, lat, k=5):
    qs = Shelter.objects.restrict(user, "view").filter(voided_at__isnull=True,
                                                       occupancy__lte=F("capacity") - people)
    hits = _search(qs, lon, lat, k)
    return _rank(Shelter.objects.select_related("region"), hits, lon, lat, k)


def brute_force(points, lon, lat, k):
    """The baseline the benchmark compares with: every point's haversine distance, sorted."""
    return sorted(((haversine_km((lon, lat), p), i) for i, p in enumerate(points)))[:k]
