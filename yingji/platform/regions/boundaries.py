"""Region boundaries from GeoJSON: validate a file completely, then write all of it or nothing.

The file is a GeoJSON FeatureCollection (or one Feature); each feature names its region in its properties by the
12-digit 统计用区划代码 (`code`, `区划代码`, or `adcode`/`gb` as published by common boundary sources; shorter codes are
padded like everywhere else) and has a Polygon or MultiPolygon geometry in longitude/latitude degrees. Every
problem is reported in Chinese with the feature's number; one bad feature writes nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingji.platform.core.validators import LATITUDE_RANGE, LONGITUDE_RANGE

from . import codes
from .models import Region, RegionBoundary

CODE_KEYS = ("code", "区划代码", "adcode", "gb", "region_code")
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Outline:
    code: str
    geometry: dict
    vertices: int
    bbox: tuple  # min_lon, min_lat, max_lon, max_lat
    label: tuple  # lon, lat
    digest: str


@dataclass
class Result:
    outlines: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (feature number or None, message)


def _ring_ok(ring, where, errors):
    if not isinstance(ring, list) or len(ring) < 4:
        errors.append((where, _("多边形的环至少需要 4 个坐标点（首尾相同）")))
        return False
    for pos in ring:
        if (not isinstance(pos, list | tuple) or len(pos) < 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos[:2])):
            errors.append((where, _("坐标须为 [经度, 纬度] 数字对")))
            return False
        lon, lat = pos[0], pos[1]
        if not (LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]) or not (LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]):
            errors.append((where, _("坐标 [%(lon)s, %(lat)s] 不在我国经纬度范围内（经度 73~136，纬度 3~54；"
                                    "请使用经纬度坐标，而不是投影坐标）") % {"lon": lon, "lat": lat}))
            return False
    if list(ring[0][:2]) != list(ring[-1][:2]):
        errors.append((where, _("多边形的环须首尾闭合（第一个点与最后一个点相同）")))
        return False
    return True


def _polygons(geometry, where, errors):
    """The polygons of a Polygon/MultiPolygon geometry as lists of rings, or None after reporting the error."""
    if not isinstance(geometry, dict):
        errors.append((where, _("缺少几何图形（geometry）")))
        return None
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = coords
    else:
        errors.append((where, _("几何类型须为 Polygon 或 MultiPolygon，不能是“%(kind)s”") % {"kind": kind}))
        return None
    if not isinstance(polys, list) or not polys:
        errors.append((where, _("几何图形没有坐标")))
        return None
    for poly in polys:
        if not isinstance(poly, list) or not poly:
            errors.append((where, _("几何图形没有坐标")))
            return None
        for ring in poly:
            if not _ring_ok(ring, where, errors):
                return None
    return polys


def _ring_area_centroid(ring):
    a = cx = cy = 0.0
    for (x0, y0, *_r), (x1, y1, *_s) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return a / 2, (cx / (3 * a), cy / (3 * a))


def outline_of(code, polys):
    """The stored outline: geometry rounded to 6 decimals (~0.1 m), extent, label point (centroid of the largest
    polygon's outer ring), vertex count and digest."""
    rounded = [[[[round(p[0], 6), round(p[1], 6)] for p in ring] for ring in poly] for poly in polys]
    geometry = {"type": "MultiPolygon", "coordinates": rounded} if len(rounded) > 1 else \
        {"type": "Polygon", "coordinates": rounded[0]}
    xs = [p[0] for poly in rounded for p in poly[0]]
    ys = [p[1] for poly in rounded for p in poly[0]]
    best = max((_ring_area_centroid(poly[0]) for poly in rounded), key=lambda ac: abs(ac[0]))
    text = json.dumps(geometry, separators=(",", ":"))
    return Outline(code=code, geometry=geometry, vertices=sum(len(r) for poly in rounded for r in poly),
                   bbox=(min(xs), min(ys), max(xs), max(ys)), label=(round(best[1][0], 6), round(best[1][1], 6)),
                   digest=hashlib.sha256(text.encode()).hexdigest())


def parse(data, user=None):
    """Validate GeoJSON text/bytes: every feature's geometry and its region code (which must exist and, with a
    user, lie in his scope). Returns a Result with the outlines, or the errors; nothing is written."""
    result = Result()
    errors = result.errors
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            errors.append((None, _("文件过大（超过 50 MB）")))
            return result
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors.append((None, _("文件不是 UTF-8 编码的文本，请另存为 UTF-8 的 GeoJSON")))
            return result
    try:
        doc = json.loads(data)
    except (ValueError, TypeError) as e:
        errors.append((None, _("不是有效的 GeoJSON（JSON 格式错误：%(e)s）") % {"e": e}))
        return result
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection" and isinstance(doc.get("features"), list):
        features = doc["features"]
    else:
        errors.append((None, _("不是有效的 GeoJSON：须为 FeatureCollection（要素集合）或 Feature")))
        return result
    if not features:
        errors.append((None, _("文件中没有任何要素")))
        return result
    wanted = {}
    for n, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append((n, _("不是 GeoJSON 要素（Feature）")))
            continue
        props = feature.get("properties") or {}
        raw = next((props[k] for k in CODE_KEYS if isinstance(props, dict) and props.get(k) not in (None, "")), None)
        if raw is None:
            errors.append((n, _("要素属性中缺少区划代码（code / 区划代码 / adcode）")))
            continue
        try:
            code = codes.normalize(str(raw))
        except ValidationError as e:
            errors.append((n, _("区划代码“%(code)s”无效：%(e)s") % {"code": raw, "e": "；".join(e.messages)}))
            continue
        polys = _polygons(feature.get("geometry"), n, errors)
        if polys is None:
            continue
        if code in wanted:
            errors.append((n, _("区划代码 %(code)s 在文件中重复（第 %(first)s 个要素已给出）")
                           % {"code": code, "first": wanted[code][0]}))
            continue
        wanted[code] = (n, polys)
    regions = Region.objects.filter(code__in=list(wanted))
    found = {r.code: r for r in regions}
    allowed = set(Region.objects.restrict(user, "change").filter(code__in=list(wanted)).values_list("code", flat=True)) \
        if user is not None else set(found)
    for code, (n, polys) in wanted.items():
        if code not in found:
            errors.append((n, _("区划代码 %(code)s 在系统中不存在，请先导入行政区划") % {"code": code}))
        elif code not in allowed:
            errors.append((n, _("区划 %(code)s（%(name)s）不在您的管辖范围内或您无权修改")
                           % {"code": code, "name": found[code].name}))
        else:
            result.outlines.append(outline_of(code, polys))
    errors.sort(key=lambda e: (e[0] or 0))
    return result


@transaction.atomic
def save(outlines, *, source=""):
    """Write the outlines (create or replace each region's boundary), audited; returns the number written."""
    regions = {r.code: r for r in Region.objects.filter(code__in=[o.code for o in outlines])}
    existing = {b.region_id: b for b in RegionBoundary.objects.filter(region__in=regions.values())}
    for o in outlines:
        region = regions[o.code]
        b = existing.get(region.pk) or RegionBoundary(region=region)
        b.geometry, b.digest, b.vertices = o.geometry, o.digest, o.vertices
        b.min_lon, b.min_lat, b.max_lon, b.max_lat = o.bbox
        b.label_lon, b.label_lat = o.label
        b.source = source[:200]
        b.save()
    return len(outlines)


def import_geojson(data, *, user, source=""):
    """Validate then write: (written count, errors). With any error nothing is written."""
    from yingji.platform.audit.recorder import record_event

    result = parse(data, user)
    if result.errors:
        record_event("import", success=False, user=user,
                     detail={"kind": "region_boundaries", "file": source, "errors": len(result.errors)})
        return 0, result.errors
    with transaction.atomic():
        n = save(result.outlines, source=source)
        record_event("import", user=user, detail={"kind": "region_boundaries", "file": source, "rows": n})
    return n, []


def as_feature(boundary, **properties):
    return {"type": "Feature", "geometry": boundary.geometry,
            "properties": {"code": boundary.region.code, "name": boundary.region.name,
                           "label": [boundary.label_lon, boundary.label_lat], **properties}}
