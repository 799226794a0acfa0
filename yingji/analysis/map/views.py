"""一张图: the map page, each layer's GeoJSON for the viewport, a feature's popup, the region boundaries, the
boundary import and the choropleth by township. Every record is read through its model's restrict(user, "view")."""

import datetime
import os
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yingji.platform.core import maplayers
from yingji.platform.core.views import ScopedViewMixin
from yingji.platform.regions import boundaries as B
from yingji.platform.regions.choices import PREFIX_LENGTH, Level
from yingji.platform.regions.models import Region, RegionBoundary

from . import services, tiles


def basemap():
    """The configured basemap: {"url": tile URL template, "attribution", "max_zoom"} or None (boundaries only).

    YINGJI_MAP_PMTILES: one raster PMTiles archive (PNG, JPEG or WebP tiles) served by Yingji itself (map:tile);
    YINGJI_MAP_TILES_DIR: a folder of {z}/{x}/{y}.png|jpg tiles served by Yingji itself (map:tile);
    YINGJI_MAP_TILE_URL: any XYZ URL template, e.g. the intranet's 天地图 (with its tk=…)."""
    archive = pmtiles_archive()
    if archive is not None:
        base = reverse("map:tile", args=[0, 0, 0, archive.ext]).rsplit("/0/0/0.", 1)[0]
        return {"url": base + "/{z}/{x}/{y}." + archive.ext, "attribution": archive.attribution,
                "max_zoom": archive.max_zoom}
    folder = getattr(settings, "YINGJI_MAP_TILES_DIR", "") or os.environ.get("YINGJI_MAP_TILES_DIR", "")
    url = getattr(settings, "YINGJI_MAP_TILE_URL", "") or os.environ.get("YINGJI_MAP_TILE_URL", "")
    attribution = getattr(settings, "YINGJI_MAP_TILE_ATTRIBUTION", "") or \
        os.environ.get("YINGJI_MAP_TILE_ATTRIBUTION", "")
    ext = getattr(settings, "YINGJI_MAP_TILES_EXT", "") or os.environ.get("YINGJI_MAP_TILES_EXT", "png")
    if folder:
        base = reverse("map:tile", args=[0, 0, 0, ext]).rsplit("/0/0/0.", 1)[0]
        return {"url": base + "/{z}/{x}/{y}." + ext, "attribution": attribution, "max_zoom": 18}
    if url:
        return {"url": url, "attribution": attribution, "max_zoom": 18}
    return None


def _tile_origin():
    bm = basemap()
    if not bm or bm["url"].startswith("/"):
        return None
    parts = urlsplit(bm["url"].replace("{s}", "t0"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _bad(message, status=400, **extra):
    return JsonResponse({"code": "invalid", "message": message, **extra}, status=status)


class MapView(ScopedViewMixin, View):
    """The page: boundaries of the regions in the user's scope and the layers he may view."""

    model = Region

    def get(self, request):
        layers = services.layers_for(request.user)
        response = render(request, "map/map.html", {
            "title": _("一张图"),
            "map_config": {
                "layers": layers,
                "layer_url": reverse("map:layer", args=["__key__"]),
                "feature_url": reverse("map:feature", args=["__key__"]),
                "boundaries_url": reverse("map:boundaries"),
                "basemap": basemap(),
                "filters": {k: v for k, v in request.GET.items() if k not in ("bbox", "zoom")},
            },
            "can_import": request.user.has_perm("regions.change_region"),
        })
        origin = _tile_origin()
        if origin:  # the configured 天地图/intranet tile server may serve the basemap's images (this page only)
            policy = dict(settings.SECURE_CSP)
            policy["img-src"] = [*policy.get("img-src", [CSP.SELF]), origin]
            response._csp_config = policy
        return response


def _layer_or_404(request, key):
    layer = maplayers.get(key)
    if layer is None:
        raise Http404(_("没有这个图层"))
    if not layer.allowed(request.user):
        raise PermissionDenied
    return layer


class LayerDataView(ScopedViewMixin, View):
    """GET ?bbox=w,s,e,n&zoom=z&<the ledger's filters> → GeoJSON points or grid clusters (services.layer_geojson);
    GET ?tiles=x:y,…&zoom=z[&have=x:y,…&v=<version>]&<filters> → those tiles of a point layer, cached
    (tiles.tiles_geojson)."""

    model = Region

    def has_permission(self):
        return self.request.user.is_authenticated

    def get(self, request, key):
        layer = _layer_or_404(request, key)
        params = request.GET.copy()
        for name in ("tiles", "have", "v"):  # the tile protocol's own parameters, not the ledger's filters
            params.pop(name, None)
        try:
            bbox = services.parse_bbox(request.GET.get("bbox"))
            zoom = services.parse_zoom(request.GET.get("zoom"))
            tiled = "tiles" in request.GET and not layer.areas
            if tiled:
                wanted = tiles.parse_tiles(request.GET.get("tiles"), zoom)
                have = set(tiles.parse_tiles(request.GET.get("have"), zoom))
            qs = layer.queryset(request.user, params, request)
        except services.BadRequest as e:
            return _bad(str(e))
        except maplayers.FilterError as e:
            return _bad(_("筛选条件有误"), errors=e.errors)
        if tiled:
            return JsonResponse(tiles.tiles_geojson(layer, qs, zoom, wanted, have=have, version=request.GET.get("v")))
        return JsonResponse(services.layer_geojson(layer, qs, bbox, zoom))


class FeatureView(ScopedViewMixin, View):
    """GET ?id=<pk> → the popup of one feature of the layer (its fields and the URL of its record)."""

    model = Region

    def has_permission(self):
        return self.request.user.is_authenticated

    def get(self, request, key):
        layer = _layer_or_404(request, key)
        try:
            pk = int(request.GET.get("id", ""))
        except ValueError:
            return _bad(_("id 参数应为记录编号（整数）"))
        data = services.popup(layer, request.user, pk)
        if data is None:
            return _bad(_("记录不存在或不在您的管辖范围内"), status=404)
        return JsonResponse(data)


def scope_root(user):
    """The region the map opens on: the user's own (a superuser without one: the first county)."""
    if user.region_id:
        return user.region
    return Region.objects.filter(level=Level.COUNTY).order_by("code").first()


def boundary_features(user, region=None, level=None):
    """The boundaries of the regions one level below `region` (default: the user's region) and of `region` itself,
    among those the user may view."""
    root = region or scope_root(user)
    if root is None:
        return [], None
    level = level or min(root.level + 1, Level.VILLAGE)
    regions = Region.objects.restrict(user, "view").subtree(root)
    rows = (RegionBoundary.objects.select_related("region")
            .filter(region__in=regions.filter(level__in=[root.level, level]).values("pk")))
    return [B.as_feature(b, level=b.region.level, own=b.region_id == root.pk) for b in rows], root


class BoundariesView(ScopedViewMixin, View):
    """GeoJSON of the boundaries: the user's region (?region=<code> of one in scope) and the level below it."""

    model = Region

    def get(self, request):
        region = None
        code = request.GET.get("region")
        if code:
            region = Region.objects.restrict(request.user, "view").filter(code=code).first()
            if region is None:
                return _bad(_("区划不存在或不在您的管辖范围内"))
        features, root = boundary_features(request.user, region)
        return JsonResponse({"type": "FeatureCollection", "features": features,
                             "region": {"code": root.code, "name": root.name} if root else None})


class BoundaryImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("GeoJSON 文件"),
                           help_text=gettext_lazy("要素集合（FeatureCollection），每个要素的属性 code（或 区划代码、"
                                                  "adcode）为区划代码，几何为经纬度的 Polygon 或 MultiPolygon"))


class BoundaryImportView(ScopedViewMixin, View):
    """Upload a GeoJSON of region boundaries: all features are checked; with any error nothing is written."""

    model = Region
    action = "change"

    def get(self, request):
        return self._page(request, BoundaryImportForm())

    def post(self, request):
        form = BoundaryImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form, status=400)
        upload = form.cleaned_data["file"]
        n, errors = B.import_geojson(upload.read(), user=request.user, source=upload.name)
        if errors:
            return self._page(request, form, errors=errors, status=400)
        messages.success(request, _("已导入 %(n)d 个区划的边界") % {"n": n})
        return redirect("map:index")

    def _page(self, request, form, errors=(), status=200):
        count = RegionBoundary.objects.filter(region__in=Region.objects.restrict(request.user, "view")
                                              .values("pk")).count()
        return render(request, "map/boundary_import.html",
                      {"title": _("导入行政区划边界"), "form": form, "errors": errors, "count": count},
                      status=status)


class PMTilesArchive:
    """A raster PMTiles archive opened once per process (memory-mapped; pmtiles, protomaps' reader)."""

    EXT = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}

    def __init__(self, path):
        from pmtiles.reader import MmapSource, Reader

        self.path = path
        self._file = open(path, "rb")  # noqa: SIM115 — kept open for the mapping, for the life of the process
        self.reader = Reader(MmapSource(self._file))
        header = self.reader.header()
        kind = getattr(header["tile_type"], "name", str(header["tile_type"]))
        if kind not in self.EXT:
            raise ImproperlyConfigured(f"YINGJI_MAP_PMTILES={path}: tiles of type {kind}; a raster archive (PNG, "
                                       "JPEG or WebP) is needed")
        self.ext = self.EXT[kind]
        self.gzip = getattr(header["tile_compression"], "name", "") == "GZIP"
        self.max_zoom = int(header["max_zoom"])
        try:
            self.attribution = str(self.reader.metadata().get("attribution", ""))
        except (ValueError, OSError):
            self.attribution = ""

    def tile(self, z, x, y):
        if not (0 <= z <= self.max_zoom and 0 <= x < 2 ** z and 0 <= y < 2 ** z):
            return None
        data = self.reader.get(z, x, y)
        if data is None:
            return None
        if self.gzip:
            import gzip

            data = gzip.decompress(data)
        return bytes(data)


_archives = {}


def pmtiles_archive():
    """The configured PMTiles archive (YINGJI_MAP_PMTILES), or None."""
    path = getattr(settings, "YINGJI_MAP_PMTILES", "") or os.environ.get("YINGJI_MAP_PMTILES", "")
    if not path:
        return None
    if path not in _archives:
        _archives[path] = PMTilesArchive(path)
    return _archives[path]


class TileView(ScopedViewMixin, View):
    """A basemap tile (z/x/y.ext) from YINGJI_MAP_PMTILES or YINGJI_MAP_TILES_DIR: the offline basemap served by
    Yingji itself."""

    model = Region

    def get(self, request, z, x, y, ext):
        archive = pmtiles_archive()
        if archive is not None:
            data = archive.tile(z, x, y) if ext == archive.ext else None
            if data is None:
                raise Http404
            response = HttpResponse(data, content_type=f"image/{'jpeg' if ext == 'jpg' else ext}")
            response["Cache-Control"] = "private, max-age=86400"
            return response
        folder = getattr(settings, "YINGJI_MAP_TILES_DIR", "") or os.environ.get("YINGJI_MAP_TILES_DIR", "")
        if not folder or ext not in ("png", "jpg", "jpeg", "webp"):
            raise Http404
        path = os.path.join(folder, str(z), str(x), f"{y}.{ext}")
        if not os.path.isfile(path):
            raise Http404
        response = FileResponse(open(path, "rb"), content_type=f"image/{'jpeg' if ext == 'jpg' else ext}")
        response["Cache-Control"] = "private, max-age=86400"
        return response


def _day(text, default):
    if not text:
        return default
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise services.BadRequest(_("日期格式应为 YYYY-MM-DD：%(v)s") % {"v": text}) from None


class ChoroplethView(ScopedViewMixin, View):
    """GET /map/choropleth/<measure>/?start=&end=&region= → the township boundaries with the measure's value
    (GeoJSON), for the dashboard's and the annual report's map by 乡镇（街道）."""

    model = Region

    def get(self, request, key):
        m = maplayers.get_measure(key)
        if m is None:
            raise Http404(_("没有这个指标"))
        if not request.user.has_perm(m.permission):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            start = _day(request.GET.get("start"), today.replace(month=1, day=1))
            end = _day(request.GET.get("end"), today)
        except services.BadRequest as e:
            return _bad(str(e))
        if end < start:
            return _bad(_("结束日期不能早于开始日期"))
        return JsonResponse(choropleth(request.user, m, start, end, request.GET.get("region")))


def choropleth(user, m, start, end, region_code=None):
    region = None
    if region_code:
        region = Region.objects.restrict(user, "view").filter(code=region_code).first()
    root = region or scope_root(user)
    values = m.fn(user, start, end) if root else {}
    n = PREFIX_LENGTH[Level.TOWNSHIP]
    towns = (Region.objects.restrict(user, "view").subtree(root).filter(level=Level.TOWNSHIP)
             .select_related("boundary") if root else Region.objects.none())
    features, rows = [], []
    for t in towns.order_by("code"):
        value = values.get(t.code[:n], 0) or 0
        rows.append({"code": t.code, "name": t.name, "value": value})
        if hasattr(t, "boundary"):  # a township without an imported boundary is in `rows` only
            features.append(B.as_feature(t.boundary, value=value))
    top = max((r["value"] for r in rows), default=0)
    return {"type": "FeatureCollection", "features": features, "measure": m.key, "label": str(m.label),
            "unit": str(m.unit), "start": start.isoformat() if m.dated else None,
            "end": end.isoformat() if m.dated else None, "max": top, "rows": rows,
            "region": {"code": root.code, "name": root.name} if root else None}
