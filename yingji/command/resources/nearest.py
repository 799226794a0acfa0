"""Nearest resources to a point: standby teams, warehouses holding a supply in the needed quantity, shelters with
free places.

Straight-line distance: a bounding box on the indexed (lat, lon) columns picks the candidates (one indexed range
query), the exact haversine distance ranks them; the box grows (5, 10, 20 … km) until it holds k candidates within
its inscribed circle, so the k found are the true k nearest. Only (id, lon, lat) are read for the candidates; the
k records are loaded at the end.

Road distance is pluggable: `set_distance_function(fn)` with fn((lon, lat), (lon, lat)) -> km (an offline OSRM or
Valhalla client, say). The straight line is a lower bound of any road, so the box search first over-fetches
k × ROAD_OVERFETCH candidates by straight line and the function ranks those.
"""

import math
from dataclasses import dataclass

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


@dataclass
class Found:
    obj: object
    km: float


def _search(qs, lon, lat, k, *, prefix="", max_km=RADII_KM[-1]):
    """[(pk, km)] of the k nearest rows of qs (whose lon/lat are at `prefix`)."""
    want = k * (ROAD_OVERFETCH if _distance else 1)
    lon_f, lat_f = f"{prefix}lon", f"{prefix}lat"
    for r in [x for x in RADII_KM if x < max_km] + [max_km]:
        x0, x1, y0, y1 = bbox(lon, lat, r)
        rows = qs.filter(**{f"{lat_f}__gte": y0, f"{lat_f}__lte": y1, f"{lon_f}__gte": x0, f"{lon_f}__lte": x1}
                         ).values_list("pk", lon_f, lat_f)
        found = [(pk, haversine_km((lon, lat), (float(x), float(y)))) for pk, x, y in rows]
        inside = [f for f in found if f[1] <= r]
        if len(inside) >= want or r >= max_km:
            inside.sort(key=lambda f: (f[1], f[0]))
            return inside[:want]
    return []


def _rank(model_qs, hits, lon, lat, k, point_of):
    objs = model_qs.in_bulk([pk for pk, _km in hits])
    result = []
    for pk, km in hits:
        obj = objs.get(pk)
        if obj is None:
            continue
        if _distance is not None:
            km = _distance((lon, lat), point_of(obj))
        result.append(Found(obj, round(km, 2)))
    result.sort(key=lambda f: f.km)
    return result[:k]


def nearest_teams(user, lon, lat, k=5, *, kind=None):
    qs = RescueTeam.objects.restrict(user, "view").filter(voided_at__isnull=True, status=TeamStatus.STANDBY)
    if kind:
        qs = qs.filter(kind=kind)
    hits = _search(qs, lon, lat, k)
    return _rank(RescueTeam.objects.select_related("region"), hits, lon, lat, k, lambda t: t.point)


def nearest_stock(user, item, quantity, lon, lat, k=5):
    """Balance rows of `item` with at least `quantity` available (on hand less reserved), nearest warehouse first."""
    qs = Stock.objects.restrict(user, "view").filter(item=item, warehouse__voided_at__isnull=True,
                                                     on_hand__gte=F("reserved") + quantity)
    hits = _search(qs, lon, lat, k, prefix="warehouse__")
    return _rank(Stock.objects.select_related("warehouse", "warehouse__region", "item"), hits, lon, lat, k,
                 lambda s: s.warehouse.point)


def nearest_shelters(user, people, lon, lat, k=5):
    qs = Shelter.objects.restrict(user, "view").filter(voided_at__isnull=True,
                                                       occupancy__lte=F("capacity") - people)
    hits = _search(qs, lon, lat, k)
    return _rank(Shelter.objects.select_related("region"), hits, lon, lat, k, lambda s: s.point)


def brute_force(points, lon, lat, k):
    """The baseline the benchmark compares with: every point's haversine distance, sorted."""
    return sorted(((haversine_km((lon, lat), p), i) for i, p in enumerate(points)))[:k]
