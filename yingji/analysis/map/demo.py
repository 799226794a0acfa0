"""The demo county's boundaries: a hexagon for the county, tiled by its townships (a Voronoi partition around
deterministic centres), and the demo enterprises placed inside their own township.

`voronoi_tiling(outline, centres)` is exact and needs no GIS library: each township's cell is the county polygon
clipped by the half-planes nearer its centre than any other (Sutherland–Hodgman), so the cells are convex, do not
overlap and together cover the county. The same input gives the same polygons on every machine.
"""

import math
import random

from yingji.platform.core.demodata import register

# the demo county's place (the demo enterprises' coordinates lie in 121.0–121.4°E, 28.6–28.9°N)
CENTRE = (121.2, 28.75)
RADIUS = 0.24  # degrees of latitude from the centre to a corner of the hexagon
GOLDEN = math.pi * (3 - math.sqrt(5))


def _k(lat):
    return math.cos(math.radians(lat))  # degrees of longitude are shorter: work in a locally square plane


def hexagon(centre=CENTRE, radius=RADIUS, sides=6):
    """The county outline: a polygon of `sides` corners around `centre` (lon/lat), counter-clockwise."""
    cx, cy = centre
    k = _k(cy)
    return [(cx + radius * math.cos(2 * math.pi * i / sides + math.pi / 6) / k,
             cy + radius * math.sin(2 * math.pi * i / sides + math.pi / 6)) for i in range(sides)]


def sunflower(n, centre=CENTRE, radius=RADIUS * 0.8):
    """`n` well-spread points in a disc (Vogel's spiral): the townships' seats, the first one (城关) in the middle."""
    cx, cy = centre
    k = _k(cy)
    out = []
    for i in range(n):
        r = radius * math.sqrt((i + 0.5) / n) if i else 0.0
        a = i * GOLDEN
        out.append((cx + r * math.cos(a) / k, cy + r * math.sin(a)))
    return out


def _clip(poly, a, b, c):
    """The part of convex `poly` where a*x + b*y <= c (Sutherland–Hodgman against one line)."""
    out = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def voronoi_tiling(outline, centres):
    """For each centre, its cell of the convex `outline` (lists of lon/lat), in a plane where a degree of longitude
    is scaled by cos(latitude) so the cells look right on the map."""
    k = _k(sum(y for _x, y in outline) / len(outline))
    proj = [(x * k, y) for x, y in outline]
    pts = [(x * k, y) for x, y in centres]
    cells = []
    for i, (xi, yi) in enumerate(pts):
        cell = proj
        for j, (xj, yj) in enumerate(pts):
            if i == j or not cell:
                continue
            # nearer to i than to j: 2(xj-xi)x + 2(yj-yi)y <= xj²+yj²-xi²-yi²
            cell = _clip(cell, 2 * (xj - xi), 2 * (yj - yi), xj * xj + yj * yj - xi * xi - yi * yi)
        cells.append([(x / k, y) for x, y in cell])
    return cells


def polygon_geometry(points):
    ring = [[round(x, 6), round(y, 6)] for x, y in points]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def contains(points, x, y):
    """Point in polygon (even-odd rule)."""
    inside = False
    for i, (x0, y0) in enumerate(points):
        x1, y1 = points[i - 1]
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def county_boundaries(county, townships, centre=CENTRE, radius=RADIUS):
    """[(region, geometry)] for the county and its townships (in code order)."""
    townships = sorted(townships, key=lambda t: t.code)
    outline = hexagon(centre, radius)
    cells = voronoi_tiling(outline, sunflower(len(townships), centre, radius * 0.8))
    return [(county, polygon_geometry(outline))] + [(t, polygon_geometry(c)) for t, c in zip(townships, cells,
                                                                                              strict=True)]


def save_boundaries(pairs, source):
    from yingji.platform.regions import boundaries as B

    outlines = [B.outline_of(r.code, [g["coordinates"]]) for r, g in pairs]
    return B.save(outlines, source=source)


@register(order=12)
def build_boundaries(ctx):
    """Boundaries of the demo county and its townships (skipped where the county already has them)."""
    from yingji.platform.regions.models import RegionBoundary

    if RegionBoundary.objects.filter(region=ctx.county).exists():
        return
    save_boundaries(county_boundaries(ctx.county, ctx.townships), source="演示数据（生成）")


@register(order=41)
def place_enterprises(ctx):
    """Put each demo enterprise inside its own township's boundary (the enterprises builder spreads them over the
    county at random), so a township officer's map shows his enterprises in his township."""
    from decimal import Decimal

    from yingji.platform.regions.models import RegionBoundary
    from yingji.supervision.enterprises.models import Enterprise

    shapes = {b.region_id: b for b in RegionBoundary.objects.filter(region__in=ctx.townships)}
    if not shapes:
        return
    rnd = random.Random(20260512)
    town_of = {t.pk: t.pk for t in ctx.townships} | {v.pk: v.parent_id for v in ctx.villages}
    moved = []
    for e in Enterprise.objects.filter(pk__in=[e.pk for e in getattr(ctx, "enterprises", [])]).order_by("pk"):
        b = shapes.get(town_of.get(e.region_id))
        if b is None:
            continue
        ring = b.geometry["coordinates"][0]
        if e.longitude is not None and contains(ring, float(e.longitude), float(e.latitude)):
            continue
        for _try in range(200):
            x, y = rnd.uniform(b.min_lon, b.max_lon), rnd.uniform(b.min_lat, b.max_lat)
            if contains(ring, x, y):
                e.longitude, e.latitude = Decimal(f"{x:.6f}"), Decimal(f"{y:.6f}")
                moved.append(e)
                break
    # demo data being placed, not an officer's edit: no change-log row per enterprise
    Enterprise.objects.bulk_update(moved, ["longitude", "latitude"], batch_size=500)
