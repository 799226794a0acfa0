"""一张图 at province scale, in a real browser: 100,000 enterprises (× --scale) on the map page.

A scratch SQLite database (in a temp folder, removed afterwards) gets a city of 10 counties × 20 townships with
generated boundaries (the demo's Voronoi tiling) and 100,000 enterprises spread over it. `yingji serve` (gunicorn,
2 workers) serves it on a free loopback port; Debian's Chromium (Playwright, every non-loopback request aborted)
logs in as a city-level 局领导 and opens /analysis/map/ with the enterprise layer on.

Figures (wall milliseconds in the browser):
- first render: navigation start → boundaries, labels and the layer drawn (the page's `data-ready`), beside the
  baseline of the naive way (Ushahidi's): one GeoJSON answer with every point, parsed and drawn by Leaflet on a
  canvas in the same page (the time from the request to the last point drawn);
- pan p95: ten pans of a third of the screen at the opening zoom (clusters), back and forth, ten eastwards into
  new ground (every pan needs tiles the page does not hold yet) and ten at zoom 14 (single points), each until the
  layer is drawn again, beside the same baseline's pan (Leaflet redrawing the 100,000 points).
"""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from _common import ROOT, Figure, migrate, p95, setup_django

ORDER = 60
DESCRIPTION = "一张图: first render and pan of 100,000 points in Chromium vs one GeoJSON of every point"

RECORDS = 100_000
COUNTIES, TOWNSHIPS = 10, 20
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "Bench@2026map"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seats(cell, n):
    """`n` township seats inside a convex county cell: a sunflower around its centroid, shrunk until all fit."""
    from yingji.analysis.map import demo

    cx, cy = sum(x for x, _y in cell) / len(cell), sum(y for _x, y in cell) / len(cell)
    r = max(abs(y - cy) for _x, y in cell)
    while True:
        pts = demo.sunflower(n, (cx, cy), r)
        if all(demo.contains(cell, x, y) for x, y in pts):
            return pts
        r *= 0.85


def populate(records, rnd):
    from django.contrib.auth.models import Group

    from yingji.analysis.map import demo
    from yingji.platform.accounts.choices import OrgKind
    from yingji.platform.accounts.models import Organisation, Role, User
    from yingji.platform.core.validators import with_check_character
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region
    from yingji.supervision.enterprises.models import Enterprise

    province = Region.objects.create(code="990000000000", name="基准省", level=Level.PROVINCE)
    city = Region.objects.create(code="990100000000", name="基准市", level=Level.CITY, parent=province)
    counties = Region.objects.bulk_create([
        Region(code=f"9901{c:02d}000000", name=f"基准{c}县", level=Level.COUNTY, parent=city)
        for c in range(1, COUNTIES + 1)])
    towns = Region.objects.bulk_create([
        Region(code=f"{county.code[:6]}{100 + t:03d}000", name=f"{county.name}{t}镇", level=Level.TOWNSHIP,
               parent=county) for county in counties for t in range(1, TOWNSHIPS + 1)])
    # the city a big hexagon tiled by its counties, each county tiled by its townships
    centre, radius = (119.5, 29.0), 1.6
    outline = demo.hexagon(centre, radius)
    county_cells = demo.voronoi_tiling(outline, demo.sunflower(COUNTIES, centre, radius * 0.8))
    pairs = [(city, demo.polygon_geometry(outline))]
    town_cells = []
    for county, cell in zip(counties, county_cells, strict=True):
        pairs.append((county, demo.polygon_geometry(cell)))
        mine = [t for t in towns if t.parent_id == county.pk]
        cells = demo.voronoi_tiling(cell, seats(cell, len(mine)))
        for t, c in zip(mine, cells, strict=True):
            pairs.append((t, demo.polygon_geometry(c)))
            town_cells.append((t, c))
    demo.save_boundaries(pairs, source="bench")
    bureau = Organisation.objects.create(name="基准市应急管理局", kind=OrgKind.BUREAU, region=city)
    batch = []
    for i in range(records):
        town, cell = town_cells[i % len(town_cells)]
        xs, ys = [x for x, _y in cell], [y for _x, y in cell]
        while True:
            x, y = rnd.uniform(min(xs), max(xs)), rnd.uniform(min(ys), max(ys))
            if demo.contains(cell, x, y):
                break
        batch.append(Enterprise(
            name=f"基准企业{i}", credit_code=with_check_character(f"91990100{i:09d}"), address=f"{town.name}{i}号",
            region=town, longitude=f"{x:.6f}", latitude=f"{y:.6f}", sector="hazchem_use",
            supervising_department=bureau, risk_grade="ABCD"[i % 4], principal_name="张三"))
        if len(batch) == 10_000:
            Enterprise.objects.bulk_create(batch)
            batch = []
    Enterprise.objects.bulk_create(batch)
    user = User.objects.create(username="bench_leader", full_name="基准局领导", region=city, organisation=bureau)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(pk=Role.objects.get(code="leader").group_id))
    return user


def naive_geojson():
    """The baseline's answer: every enterprise as a GeoJSON point (what a map without clustering sends)."""
    from yingji.supervision.enterprises.models import Enterprise

    rows = Enterprise.objects.order_by().values_list("pk", "name", "longitude", "latitude", "risk_grade")
    colours = {"A": "#d7191c", "B": "#fd8d3c", "C": "#e6c229", "D": "#2b83ba"}
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(x), float(y)]},
         "properties": {"id": pk, "t": name, "c": colours[g]}} for pk, name, x, y, g in rows]},
        ensure_ascii=False)


NAIVE_JS = """async (url) => {
  const t0 = performance.now();
  const gj = await (await fetch(url)).json();
  const box = document.createElement('div'); box.style.cssText = 'position:fixed;inset:0;z-index:9999';
  document.body.appendChild(box);
  const map = L.map(box, {preferCanvas: true});
  const layer = L.geoJSON(gj, {pointToLayer: (f, ll) => L.circleMarker(ll, {radius: 6, color: '#fff', weight: 1,
      fillColor: f.properties.c, fillOpacity: 0.9})}).addTo(map);
  map.fitBounds(layer.getBounds());
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const first = performance.now() - t0;
  const pans = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    map.panBy([i % 2 ? -400 : 400, 0], {animate: false});
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    pans.push(performance.now() - t);
  }
  window.__naive = map;
  return {first, pans, n: gj.features.length};
}"""

PAN_JS = """async (dx) => {
  const s = window.yjMap.state, m = window.yjMap.map;
  const t = performance.now();
  const on = Object.keys(s.layers).filter(k => document.querySelector('[data-layer-toggle="' + k + '"]').checked);
  on.forEach(k => { s.layers[k].loaded = false; });
  m.panBy([dx, 0], {animate: false});
  while (!on.every(k => s.layers[k].loaded)) { await new Promise(r => setTimeout(r, 5)); }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const ms = performance.now() - t;
  (window.__pans = window.__pans || []).push([Math.round(ms), Object.fromEntries(on.map(k => [k, s.layers[k].ms]))]);
  return ms;
}"""


def browse(url, naive_body):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                               args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = b.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
        blocked = []

        def route(r):
            if r.request.url.startswith(url + "/bench-naive.geojson"):
                r.fulfill(status=200, content_type="application/json", body=naive_body)
            elif r.request.url.startswith(url):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(f"{url}/accounts/login/")
        page.get_by_label("用户名").fill("bench_leader")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{url}/")
        out = {"first": [], "pan_clusters": [], "pan_points": []}
        for _ in range(3):
            page.goto(f"{url}/analysis/map/")
            page.wait_for_selector("#yj-map[data-ready='1']", timeout=60_000)
            out["first"].append(page.evaluate("window.yjMap.state.readyAt"))
        out["state"] = page.evaluate("window.yjMap.state")
        for i in range(10):
            out["pan_clusters"].append(page.evaluate(PAN_JS, 400 if i % 2 else -400))
        # pans into ground not seen before (always eastwards): every pan needs tiles the page does not hold
        out["pan_fresh"] = [page.evaluate(PAN_JS, 400) for _ in range(10)]
        out["fresh_state"] = page.evaluate("window.yjMap.state")
        page.evaluate(PAN_JS, -4000)  # back where the pans started
        page.evaluate("window.yjMap.map.setZoom(14, {animate: false})")
        # (wait_for_function evaluates a string, which the page's CSP forbids: poll instead)
        while not page.evaluate("window.yjMap.state.layers.enterprises.loaded"):
            time.sleep(0.05)
        time.sleep(0.5)
        for i in range(10):
            out["pan_points"].append(page.evaluate(PAN_JS, 400 if i % 2 else -400))
        out["points_state"] = page.evaluate("window.yjMap.state")
        out["pans"] = page.evaluate("window.__pans")
        out["naive"] = page.evaluate(NAIVE_JS, f"{url}/bench-naive.geojson")
        out["blocked"] = blocked
        b.close()
    return out


def run(args):
    if not os.access(CHROMIUM, os.X_OK):
        yield f"skipped: {CHROMIUM} is not installed (make browser)"
        return
    records = int(RECORDS * args.scale)
    tmp = tempfile.mkdtemp(prefix="yingji-bench-map-")
    server = None
    try:
        env = {"YINGJI_DATA_DIR": tmp, "DATABASE_URL": "", "DEBUG": "0", "YINGJI_2FA_REQUIRED_ROLES": "sysadmin"}
        setup_django(**env)
        migrate()
        t = time.perf_counter()
        populate(records, random.Random(20261204))
        from django.db import connection

        with connection.cursor() as cursor:  # statistics, as the demo's bulk loader keeps (yingji/demo/bulk.py):
            cursor.execute("PRAGMA analysis_limit = 2000")  # without them SQLite drives a tile's query from the
            cursor.execute("ANALYZE")  # region index (every row in a city user's scope), not the lon/lat one
        yield f"{records:,} enterprises, {COUNTIES} counties × {TOWNSHIPS} townships with boundaries, loaded and " \
              f"analyzed in {time.perf_counter() - t:.0f} s"
        naive = naive_geojson()
        from django.db import connections

        connections.close_all()
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "yingji.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 600  # collectstatic first: minutes on a loaded machine
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"yingji serve exited: {server.stderr.read().decode()[-2000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError("yingji serve did not listen within 10 minutes")
                time.sleep(0.2)
        out = browse(url, naive)
        first = min(out["first"])
        n_layer = out["state"]["layers"]["enterprises"]
        yield Figure("map first render", first, out["naive"]["first"], "ms", "all points in one GeoJSON",
                     f"best of 3; clustered={n_layer['clustered']}, {n_layer['features']} clusters for "
                     f"{n_layer['total']:,} points; all runs {[round(v) for v in out['first']]}")
        yield Figure("map pan p95 (clusters)", p95(out["pan_clusters"]), p95(out["naive"]["pans"]), "ms",
                     "redraw all points", "pan of 400 px until the layer is drawn again")
        pts = out["points_state"]["layers"]["enterprises"]
        fresh = out["fresh_state"]["layers"]["enterprises"]
        yield Figure("map pan p95 (new ground)", p95(out["pan_fresh"]), p95(out["naive"]["pans"]), "ms",
                     "redraw all points", f"10 pans of 400 px eastwards at the opening zoom, each needing new tiles "
                     f"(last: {fresh.get('fetched', '?')} tiles fetched of {fresh.get('tiles', '?')} in view)")
        yield Figure("map pan p95 (zoom 14)", p95(out["pan_points"]), p95(out["naive"]["pans"]), "ms",
                     "redraw all points", f"{pts['features']} points drawn of {pts['total']:,} in view")
        slowest = max(out["pans"], key=lambda p: p[0])
        yield (f"slowest pan {slowest[0]} ms; each layer's request (fetch to JSON, in turn): "
               + ", ".join(f"{k} {v} ms" for k, v in slowest[1].items()))
        if out["blocked"]:
            yield f"requests outside the server (aborted): {out['blocked'][:5]}"
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:  # a loaded machine: gunicorn's workers slow to stop
                server.kill()
                server.wait(10)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            yield f"kept {tmp}"
