"""Reading a layer for the map: the features in the viewport, or grid clusters counted in SQL when there are many.

Nothing here loads model instances: a layer of 100,000 points is one COUNT and one grouped query (clusters) or one
values query of at most MAX_POINTS rows (features), whatever the number of records.
"""

import math

from django.db.models import Avg, Count, F, FloatField
from django.db.models.functions import Cast, Floor
from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.platform.core import maplayers

MAX_POINTS = 3000  # individual features in one answer; more in the viewport → grid clusters
CELL_PX = 60  # the cluster grid's cell, in screen pixels
MAX_ZOOM = 18  # at this zoom and above features are always individual (at most MAX_POINTS, nearest first by id)


class BadRequest(ValueError):
    """A parameter the map cannot use; the message is Chinese."""


def parse_bbox(text):
    """`west,south,east,north` in degrees → a tuple of floats; a clear Chinese error otherwise."""
    if not text:
        return None
    parts = str(text).split(",")
    try:
        w, s, e, n = (float(p) for p in parts)
    except ValueError:
        raise BadRequest(_("bbox 参数应为“西经度,南纬度,东经度,北纬度”四个数字")) from None
    if not all(math.isfinite(v) for v in (w, s, e, n)):
        raise BadRequest(_("bbox 参数应为“西经度,南纬度,东经度,北纬度”四个数字"))
    if w > e or s > n:
        raise BadRequest(_("bbox 参数的西、南边界不能大于东、北边界"))
    return max(w, -180.0), max(s, -90.0), min(e, 180.0), min(n, 90.0)


def parse_zoom(text):
    if text in (None, ""):
        return MAX_ZOOM
    try:
        z = int(text)
    except ValueError:
        raise BadRequest(_("zoom 参数应为 0 至 22 之间的整数")) from None
    if not 0 <= z <= 22:
        raise BadRequest(_("zoom 参数应为 0 至 22 之间的整数"))
    return z


def cell_degrees(zoom):
    """The grid cell at `zoom` in degrees of longitude (Web Mercator: 256 px span 360° at zoom 0)."""
    return 360.0 / (256 * 2 ** zoom) * CELL_PX


def url_template(layer):
    """The URL of a record's page with "{id}" in place of the pk (reversed once, not once per feature)."""
    sentinel = 987654321
    return reverse(layer.url, args=[sentinel]).replace(str(sentinel), "{id}")


def layer_geojson(layer, qs, bbox=None, zoom=MAX_ZOOM):
    """GeoJSON FeatureCollection of the layer's records in `bbox`: points (properties id, t = title, c = colour,
    u = the record's URL) or, above MAX_POINTS below MAX_ZOOM, clusters (properties n = count, cluster = true)."""
    if layer.areas:
        return area_geojson(layer, qs, bbox)
    lon, lat = layer.lon, layer.lat
    if bbox is not None:
        w, s, e, n = bbox
        qs = qs.filter(**{f"{lon}__gte": w, f"{lon}__lte": e, f"{lat}__gte": s, f"{lat}__lte": n})
    qs = qs.order_by()
    total = qs.count()
    out = {"type": "FeatureCollection", "layer": layer.key, "total": total, "clustered": False, "truncated": False,
           "features": []}
    if total > MAX_POINTS and zoom < MAX_ZOOM:
        out["clustered"] = True
        out["features"] = clusters(layer, qs, zoom)
        return out
    style = layer.style
    fields = ["pk", layer.title, lon, lat] + ([style.field] if style.field else [])
    rows = qs.order_by("pk").values_list(*fields)[:MAX_POINTS]
    url = url_template(layer)
    feats = out["features"]
    for row in rows:
        feats.append(point_feature(row, url, style))
    out["truncated"] = total > len(feats)
    return out


def point_feature(row, url, style):
    """A feature from (pk, title, lon, lat[, style field]): properties id, t (title), c (colour), u (its URL)."""
    pk, title, x, y = row[0], row[1], row[2], row[3]
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(x), float(y)]},
            "properties": {"id": pk, "t": title, "c": style.colour(row[4] if style.field else None),
                           "u": url.replace("{id}", str(pk))}}


def area_geojson(layer, qs, bbox=None):
    """An area layer: each record's regions (a warning's areas) as their boundary polygons in the record's colour;
    a record with several areas gives one feature per area, all with its id. Few records (active warnings), so no
    clustering; at most MAX_POINTS polygons."""
    b = f"{layer.areas}__boundary"
    if bbox is not None:
        w, s, e, n = bbox
        qs = qs.filter(**{f"{b}__max_lon__gte": w, f"{b}__min_lon__lte": e, f"{b}__max_lat__gte": s,
                          f"{b}__min_lat__lte": n})
    qs = qs.order_by()
    style = layer.style
    fields = ["pk", layer.title, f"{b}__geometry", f"{layer.areas}__name"] + ([style.field] if style.field else [])
    rows = list(qs.order_by("pk").values_list(*fields)[:MAX_POINTS])
    url = url_template(layer)
    feats = [{"type": "Feature", "geometry": row[2],
              "properties": {"id": row[0], "t": f"{row[1]}（{row[3]}）", "c": style.colour(row[4] if style.field
                                                                                        else None),
                             "u": url.replace("{id}", str(row[0]))}} for row in rows]
    total = qs.values("pk").distinct().count()
    return {"type": "FeatureCollection", "layer": layer.key, "total": total, "clustered": False,
            "truncated": len(rows) >= MAX_POINTS, "features": feats}


def clusters(layer, qs, zoom):
    """Grid clusters counted in the database: one GROUP BY on the cell of each record at `zoom`."""
    size = cell_degrees(zoom)
    lon, lat = layer.lon, layer.lat
    rows = (qs.annotate(gx=Floor(Cast(F(lon), FloatField()) / size), gy=Floor(Cast(F(lat), FloatField()) / size))
            .values("gx", "gy").annotate(n=Count("pk"), x=Avg(Cast(F(lon), FloatField())),
                                           y=Avg(Cast(F(lat), FloatField()))))
    colour = next(iter(layer.style.colours.values()), layer.style.default) if layer.style.field \
        else layer.style.default
    feats = []
    for r in rows:
        gx, gy = float(r["gx"]), float(r["gy"])
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(r["x"], 6),
                                                                                      round(r["y"], 6)]},
                      "properties": {"cluster": True, "n": r["n"], "c": colour,
                                     "bbox": [gx * size, gy * size, (gx + 1) * size, (gy + 1) * size]}})
    return feats


def popup(layer, user, pk):
    """The fields shown when a feature is clicked, read through the layer's scope; None outside it."""
    paths = [layer.title] + [p for _label, p in layer.popup]
    row = layer.queryset(user).filter(pk=pk).values(*paths).first()
    if row is None:
        return None
    return {"id": pk, "title": row[layer.title], "url": url_template(layer).replace("{id}", str(pk)),
            "layer": str(layer.label),
            "fields": [[str(label), layer.display(p)(row[p])] for label, p in layer.popup]}


def layer_info(layer):
    """What the page needs to draw a layer's toggle and legend."""
    return {"key": layer.key, "label": str(layer.label), "group": str(layer.group), "visible": layer.visible,
            "tiled": not layer.areas,
            "legend": [[label, colour] for label, colour in layer.legend()],
            "list_url": reverse(layer.list_url) if layer.list_url else "",
            "description": str(layer.description)}


def layers_for(user):
    return [layer_info(la) for la in maplayers.layers(user)]
