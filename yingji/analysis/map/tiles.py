"""A point layer answered per tile, and a cache of the tiles.

The cluster grid (services.cell_degrees: 60 screen pixels at the zoom, counted from 0° in degrees) is cut into
tiles of TILE_CELLS × TILE_CELLS cells (480 px). A tile's answer depends on nothing outside it: its cells' clusters,
or, when it holds at most TILE_MAX_POINTS records (or at MAX_ZOOM and above), its points. So the browser keeps the
tiles it has and a pan asks only for the tiles that came into view; the server computes the missing ones in one
grouped query (plus one values query for the tiles drawn as points) and keeps each in a cache.

The cache key of a tile is (layer, the SQL and parameters of the layer's queryset for this request, the data
versions of the models the layer reads, zoom, tile). The queryset's SQL holds everything that decides which rows
are shown: the user's scope exactly as restrict(user, "view") wrote it (region prefix, department), the ledger's
filters, the layer's `base` (with today's date where it has one). Two users share a tile only when their queries
are the same text; users of two townships never do. The data version of a model (models.DataVersion) changes
after every committed save, delete, many-to-many change, scoped QuerySet.update() or import of its rows, so a
change makes the old tiles unreachable; they leave the cache by age (CACHE_SECONDS) or when it is full.
Raw SQL that changes what a layer reads sends `rows_changed` for its model (the monitoring ingest and offline sweep
do, for SensorStatus); a layer with `cache=False` (rows changed with no signal at all) is computed per tile on
every request.
"""

import functools
import hashlib
import math
import secrets

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.functions import Cast, Floor
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext as _

from yingji.platform.core import maplayers
from yingji.platform.core.models import rows_changed

from . import services
from .models import DataVersion

TILE_CELLS = 8  # a tile is 8 × 8 cluster cells: 480 screen pixels square at its zoom
TILE_MAX_POINTS = 500  # a tile with more records than this is drawn as its cells' clusters (below MAX_ZOOM)
MAX_TILES = 64  # tiles in one request (a 2560 × 1440 screen needs 42)
CACHE_ALIAS = "map"
CACHE_SECONDS = 3600


def tile_degrees(zoom):
    return services.cell_degrees(zoom) * TILE_CELLS


def parse_tiles(text, zoom):
    """"x:y,x:y,…" → [(x, y)] (distinct, in order); a clear Chinese error otherwise."""
    if text is None or not str(text).strip():
        return []
    out = []
    limit = math.ceil(360.0 / tile_degrees(zoom))
    for part in str(text).split(","):
        try:
            x, y = (int(v) for v in part.split(":"))
        except ValueError:
            raise services.BadRequest(_("tiles 参数应为以逗号分隔的“列:行”整数对")) from None
        if abs(x) > limit or abs(y) > limit:
            raise services.BadRequest(_("tiles 参数中的瓦片超出范围"))
        if (x, y) not in out:
            out.append((x, y))
    if len(out) > MAX_TILES:
        raise services.BadRequest(_("一次最多请求 %(n)d 个瓦片") % {"n": MAX_TILES})
    return out


# -- data versions -----------------------------------------------------------------------------------------------

@functools.cache
def _watched():
    """{model class: "app_label.ModelName"} of the models some cached layer reads."""
    out = {}
    for layer in maplayers.layers():
        if layer.cache and not layer.areas:
            for model in layer.dependencies():
                out[model] = model._meta.label
    return out


def _bump(label):
    """A new version: a random number rather than +1, so that a version never comes back (a database restored, a
    test database rolled back) to meet tiles cached under it."""
    version = secrets.randbits(62)
    if not DataVersion.objects.filter(model=label).update(version=version):
        DataVersion.objects.bulk_create([DataVersion(model=label, version=version)], ignore_conflicts=True)
        DataVersion.objects.filter(model=label).update(version=version)


def _bump_once(label, cell):
    if not cell["done"]:
        cell["done"] = True
        _bump(label)


def changed(model):
    """Rows of `model` changed: bump its data version once the transaction commits (at once outside one). Many
    changes of one model in one transaction bump it once (their callbacks share one cell; a callback dropped with
    a rolled-back savepoint leaves the others); a rolled-back transaction bumps nothing."""
    label = _watched().get(getattr(model, "_meta", None) and model._meta.concrete_model)
    if label is None:
        return
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        _bump(label)
        return
    batch, cells = getattr(conn, "_yj_map_cells", (None, None))
    if batch is not conn.run_on_commit:  # a new transaction (Django gives each its own list of callbacks)
        cells = {}
        conn._yj_map_cells = (conn.run_on_commit, cells)
    cell = cells.get(label)
    if cell is None or cell["done"]:  # (done within the transaction: a test ran the callbacks early)
        cell = cells[label] = {"done": False}
    transaction.on_commit(functools.partial(_bump_once, label, cell), robust=True)


def _on_save(sender, raw=False, **kwargs):
    if not raw:
        changed(sender)


def _on_m2m(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        changed(type(instance))


def _on_rows(sender, **kwargs):
    changed(sender)


def connect():
    """MapConfig.ready(): every save, delete, many-to-many change, scoped update() and import bumps the version of
    its model when a cached layer reads that model."""
    post_save.connect(_on_save, dispatch_uid="map_tiles_save")
    post_delete.connect(_on_save, dispatch_uid="map_tiles_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="map_tiles_m2m")
    rows_changed.connect(_on_rows, dispatch_uid="map_tiles_rows")


def namespace(layer, qs):
    """The key prefix of this request's tiles, or None (not cached: cache=False, or a queryset that is empty by
    construction, e.g. without the permission)."""
    if not layer.cache:
        return None
    try:
        sql, params = qs.order_by().query.sql_with_params()
    except EmptyResultSet:
        return None
    labels = sorted(m._meta.label for m in layer.dependencies())
    versions = dict(DataVersion.objects.filter(model__in=labels).values_list("model", "version"))
    text = repr((layer.key, sql, params, [(label, versions.get(label, 0)) for label in labels]))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _cache():
    return caches[CACHE_ALIAS]


def _key(ns, zoom, tile):
    return f"yjmap:{ns}:{zoom}:{tile[0]}:{tile[1]}"


# -- computing tiles ---------------------------------------------------------------------------------------------

def tiles_geojson(layer, qs, zoom, tiles, *, have=(), version=None):
    """{"type": "tiles", "version", "tiles": {"x:y": {features, total, clustered, truncated}}}: the requested
    tiles, except those in `have` when the browser's `version` is still the current one."""
    ns = namespace(layer, qs)
    wanted = [t for t in tiles if not (ns is not None and version == ns and t in have)]
    found = {}
    if ns is not None and wanted:
        got = _cache().get_many([_key(ns, zoom, t) for t in wanted])
        found = {t: got[_key(ns, zoom, t)] for t in wanted if _key(ns, zoom, t) in got}
    missing = [t for t in wanted if t not in found]
    computed = compute_tiles(layer, qs, zoom, missing)
    if ns is not None and computed:
        _cache().set_many({_key(ns, zoom, t): v for t, v in computed.items()}, CACHE_SECONDS)
    found.update(computed)
    return {"type": "tiles", "layer": layer.key, "zoom": zoom, "version": ns, "cached": len(wanted) - len(missing),
            "tiles": {f"{x}:{y}": found[(x, y)] for x, y in wanted}}


def _tile_of(value, span):
    return math.floor(value / span)


def compute_tiles(layer, qs, zoom, tiles):
    """{(x, y): tile} for `tiles`: one grouped query counts the cells of all of them; the tiles with few records
    then get their points in one values query."""
    if not tiles:
        return {}
    size = services.cell_degrees(zoom)
    span = size * TILE_CELLS
    lon, lat = layer.lon, layer.lat
    xs, ys = [x for x, _y in tiles], [y for _x, y in tiles]
    qs = qs.order_by().filter(**{f"{lon}__gte": min(xs) * span, f"{lon}__lt": (max(xs) + 1) * span,
                                 f"{lat}__gte": min(ys) * span, f"{lat}__lt": (max(ys) + 1) * span})
    out = {t: {"features": [], "total": 0, "clustered": False, "truncated": False} for t in tiles}
    cells = {t: [] for t in tiles}
    rows = (qs.annotate(gx=Floor(Cast(F(lon), FloatField()) / size), gy=Floor(Cast(F(lat), FloatField()) / size))
            .values("gx", "gy").annotate(n=Count("pk"), x=Avg(Cast(F(lon), FloatField())),
                                           y=Avg(Cast(F(lat), FloatField()))))
    for r in rows:
        gx, gy = int(r["gx"]), int(r["gy"])
        t = (gx // TILE_CELLS, gy // TILE_CELLS)
        if t in cells:
            cells[t].append((gx, gy, r["n"], r["x"], r["y"]))
            out[t]["total"] += r["n"]
    style = layer.style
    colour = next(iter(style.colours.values()), style.default) if style.field else style.default
    as_points = []
    for t, tile in out.items():
        if tile["total"] == 0:
            continue
        if tile["total"] <= TILE_MAX_POINTS or zoom >= services.MAX_ZOOM:
            as_points.append(t)
            continue
        tile["clustered"] = True
        tile["features"] = [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]},
             "properties": {"cluster": True, "n": n, "c": colour,
                            "bbox": [gx * size, gy * size, (gx + 1) * size, (gy + 1) * size]}}
            for gx, gy, n, x, y in sorted(cells[t])]
    if as_points:
        where = Q()
        for x, y in as_points:
            where |= Q(**{f"{lon}__gte": x * span, f"{lon}__lt": (x + 1) * span, f"{lat}__gte": y * span,
                          f"{lat}__lt": (y + 1) * span})
        fields = ["pk", layer.title, lon, lat] + ([style.field] if style.field else [])
        url = services.url_template(layer)
        for row in qs.filter(where).order_by("pk").values_list(*fields):
            x, y = float(row[2]), float(row[3])
            tile = out.get((_tile_of(x, span), _tile_of(y, span)))
            if tile is None or not tile["total"] or tile["clustered"]:
                continue
            if len(tile["features"]) >= services.MAX_POINTS:
                tile["truncated"] = True
                continue
            tile["features"].append(services.point_feature(row, url, style))
    return out
