// 一张图: region boundaries with their names, and the layers the user may view, loaded as GeoJSON for the
// viewport (grid clusters counted by the server when there are many features). No internet needed: Leaflet and
// this file are served by Yingji, the labels are HTML text in the browser's own fonts, the basemap is optional.
(function () {
  "use strict";
  var node = document.getElementById("map-config");
  var el = document.getElementById("yj-map");
  if (!node || !el || typeof L === "undefined") { return; }
  var cfg = JSON.parse(node.textContent);
  var words = (document.getElementById("yj-map-popup-text") || {}).innerHTML || "";
  words = words.split("|");
  var T = { open: words[0] || "打开记录", loading: words[1] || "加载中…", clustered: words[2] || "",
            unit: words[3] || "", truncated: words[4] || "", noBoundary: words[5] || "" };
  var statusEl = document.getElementById("yj-map-status");

  var map = L.map(el, { preferCanvas: true, minZoom: 3, maxZoom: 19, attributionControl: !!cfg.basemap });
  if (cfg.basemap) {
    L.tileLayer(cfg.basemap.url, { attribution: cfg.basemap.attribution || "", maxZoom: cfg.basemap.max_zoom || 18,
                                   subdomains: "01234567" }).addTo(map);
  }
  var renderer = L.canvas({ padding: 0.3 });
  var state = { ready: false, boundaries: 0, labels: 0, layers: {} };
  window.yjMap = { map: map, state: state };

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      if (params[k] !== undefined && params[k] !== null && params[k] !== "") {
        parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(params[k]));
      }
    });
    return parts.join("&");
  }

  function label(latlng, text, own) {
    var span = document.createElement("span");
    span.textContent = text;
    return L.marker(latlng, { icon: L.divIcon({ className: "yj-map-label" + (own ? " yj-own" : ""), html: span,
                                                 iconSize: null }),
                              interactive: false, keyboard: false });
  }

  // ---- layers -------------------------------------------------------------------------------------------------
  var layers = {};
  cfg.layers.forEach(function (info) {
    layers[info.key] = { info: info, group: L.layerGroup(), controller: null };
    state.layers[info.key] = { loaded: false, features: 0, total: 0, clustered: false };
  });

  function clusterIcon(p) {
    var size = Math.round(22 + Math.min(26, Math.log(p.n) * 4));
    var div = document.createElement("div");
    div.className = "yj-map-cluster";
    div.style.width = div.style.height = size + "px";
    div.style.background = p.c;
    div.textContent = p.n >= 10000 ? Math.round(p.n / 1000) + "k" : String(p.n);
    return L.divIcon({ className: "", html: div, iconSize: [size, size] });
  }

  function openPopup(layer, latlng, id) {
    var popup = L.popup().setLatLng(latlng).setContent(T.loading).openOn(map);
    fetch(cfg.feature_url.replace("__key__", layer.info.key) + "?" + query({ id: id }),
          { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        var box = document.createElement("div");
        box.className = "yj-map-popup";
        var h = document.createElement("div");
        h.className = "fw-semibold mb-1";
        h.textContent = d.title || d.message || "";
        box.appendChild(h);
        if (d.fields) {
          var dl = document.createElement("dl");
          d.fields.forEach(function (f) {
            var dt = document.createElement("dt"); dt.textContent = f[0];
            var dd = document.createElement("dd"); dd.textContent = f[1];
            dl.appendChild(dt); dl.appendChild(dd);
          });
          box.appendChild(dl);
        }
        if (d.url) {
          var a = document.createElement("a");
          a.href = d.url; a.textContent = T.open; a.className = "yj-map-open";
          box.appendChild(a);
        }
        popup.setContent(box);
      });
  }

  function feature(layer, f) {
    var c = f.geometry.coordinates, p = f.properties, latlng = [c[1], c[0]], m;
    if (p.cluster) {
      m = L.marker(latlng, { icon: clusterIcon(p), keyboard: false });
      m.on("click", function () {
        var b = p.bbox;
        map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { maxZoom: map.getZoom() + 3 });
      });
    } else if (f.geometry.type !== "Point") {  // an area layer: a region's outline (a warning's area)
      m = L.geoJSON(f, { style: { color: p.c, weight: 2, fillColor: p.c, fillOpacity: 0.25 } });
      m.on("click", function (e) { openPopup(layer, e.latlng, p.id); });
      if (p.t) { m.bindTooltip(String(p.t), { sticky: true }); }
    } else {
      m = L.circleMarker(latlng, { renderer: renderer, radius: 6, color: "#fff", weight: 1,
                                   fillColor: p.c, fillOpacity: 0.9 });
      m.feature = f;
      m.on("click", function () { openPopup(layer, m.getLatLng(), p.id); });
      if (p.t) { m.bindTooltip(String(p.t), { direction: "top" }); }
    }
    return m;
  }

  function draw(layer, data) {
    var g = layer.group;
    g.clearLayers();
    data.features.forEach(function (f) { g.addLayer(feature(layer, f)); });
    var s = state.layers[layer.info.key];
    s.loaded = true; s.features = data.features.length; s.total = data.total; s.clustered = data.clustered;
    showCount(layer, data);
  }

  function showCount(layer, data) {
    var count = document.querySelector('[data-layer-count="' + layer.info.key + '"]');
    if (count) {
      count.textContent = data.total + (data.clustered ? "（" + T.clustered + "）" : "") +
        (data.truncated ? "（" + T.truncated + data.features.length + T.unit + "）" : "");
    }
  }

  function showError(key, text) {
    var e = document.querySelector('[data-layer-error="' + key + '"]');
    if (e) { e.textContent = text || ""; }
  }

  // A point layer comes in tiles of 8 × 8 cluster cells (480 px, counted from 0° like the server's grid): the
  // tiles already drawn stay, a pan asks only for those that came into view (with the data version the page holds;
  // when the data changed, the server answers every visible tile and the old ones are dropped).
  var TILE_CELLS = 8, CELL_PX = 60;
  function tileSpan(zoom) { return 360 / (256 * Math.pow(2, zoom)) * CELL_PX * TILE_CELLS; }

  function visibleTiles() {
    var b = map.getBounds(), span = tileSpan(map.getZoom()), out = [];
    var x0 = Math.floor(Math.max(b.getWest(), -180) / span), x1 = Math.floor(Math.min(b.getEast(), 180) / span);
    var y0 = Math.floor(Math.max(b.getSouth(), -90) / span), y1 = Math.floor(Math.min(b.getNorth(), 90) / span);
    for (var x = x0; x <= x1; x++) { for (var y = y0; y <= y1; y++) { out.push(x + ":" + y); } }
    return out;
  }

  function drawTiles(layer, zoom, keys) {
    var t = layer.tiles, s = state.layers[layer.info.key], total = 0, feats = 0, clustered = false, truncated = false;
    var want = {};
    keys.forEach(function (k) { want[k] = true; });
    Object.keys(t.drawn).forEach(function (k) {  // tiles out of view (or of another zoom) leave the map
      if (!want[k] || t.drawnZoom !== zoom) { layer.group.removeLayer(t.drawn[k]); delete t.drawn[k]; }
    });
    t.drawnZoom = zoom;
    keys.forEach(function (k) {
      var d = t.data[zoom + "/" + k];
      if (!d) { return; }
      if (!t.drawn[k]) {
        var g = L.layerGroup();
        d.features.forEach(function (f) { g.addLayer(feature(layer, f)); });
        t.drawn[k] = g;
        layer.group.addLayer(g);
      }
      total += d.total; feats += d.features.length; clustered = clustered || d.clustered;
      truncated = truncated || d.truncated;
    });
    s.loaded = true; s.features = feats; s.total = total; s.clustered = clustered; s.tiles = keys.length;
    showCount(layer, { total: total, clustered: clustered, truncated: truncated, features: { length: feats } });
  }

  function loadTiles(layer) {
    if (layer.controller) { layer.controller.abort(); }
    var ctrl = window.AbortController ? new AbortController() : null;
    layer.controller = ctrl;
    layer.tiles = layer.tiles || { data: {}, drawn: {}, version: null, drawnZoom: null };
    var t = layer.tiles, zoom = map.getZoom(), keys = visibleTiles();
    if (Object.keys(t.data).length > 3000) { t.data = {}; }  // a long session keeps a few thousand tiles at most
    var have = keys.filter(function (k) { return t.data[zoom + "/" + k]; });
    var params = Object.assign({}, cfg.filters, { zoom: zoom, tiles: keys.join(","), have: have.join(","),
                                                   v: t.version || "" });
    var t0 = performance.now();
    return fetch(cfg.layer_url.replace("__key__", layer.info.key) + "?" + query(params),
                 { credentials: "same-origin", headers: { Accept: "application/json" }, signal: ctrl && ctrl.signal })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, d: d }; }); })
      .then(function (res) {
        if (!res.ok) { showError(layer.info.key, res.d.message + (res.d.errors ? "：" + JSON.stringify(res.d.errors) : "")); return; }
        showError(layer.info.key, "");
        if (!res.d.version || res.d.version !== t.version) {  // the data changed (or is not cached): start again
          Object.keys(t.drawn).forEach(function (k) { layer.group.removeLayer(t.drawn[k]); });
          t.data = {}; t.drawn = {};
        }
        t.version = res.d.version;
        Object.keys(res.d.tiles).forEach(function (k) { t.data[zoom + "/" + k] = res.d.tiles[k]; });
        drawTiles(layer, zoom, keys);
        state.layers[layer.info.key].ms = Math.round(performance.now() - t0);
        state.layers[layer.info.key].fetched = Object.keys(res.d.tiles).length;
      })
      .catch(function (e) { if (e.name !== "AbortError") { showError(layer.info.key, String(e)); } });
  }

  function load(layer) {
    if (layer.info.tiled) { return loadTiles(layer); }
    if (layer.controller) { layer.controller.abort(); }
    var ctrl = window.AbortController ? new AbortController() : null;
    layer.controller = ctrl;
    var b = map.getBounds();
    var params = Object.assign({}, cfg.filters, {
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(","),
      zoom: map.getZoom()
    });
    var t0 = performance.now();
    return fetch(cfg.layer_url.replace("__key__", layer.info.key) + "?" + query(params),
                 { credentials: "same-origin", headers: { Accept: "application/json" }, signal: ctrl && ctrl.signal })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, d: d }; }); })
      .then(function (res) {
        if (!res.ok) { showError(layer.info.key, res.d.message + (res.d.errors ? "：" + JSON.stringify(res.d.errors) : "")); return; }
        showError(layer.info.key, "");
        draw(layer, res.d);
        state.layers[layer.info.key].ms = Math.round(performance.now() - t0);
      })
      .catch(function (e) { if (e.name !== "AbortError") { showError(layer.info.key, String(e)); } });
  }

  function visible(key) {
    var box = document.querySelector('[data-layer-toggle="' + key + '"]');
    return box && box.checked;
  }

  // one layer request at a time: a county server has few workers, and a pan while loading queues no pile-up
  var queue = Promise.resolve();
  function enqueue(layer) {
    queue = queue.then(function () { return load(layer); });
    return queue;
  }

  function refresh() {
    Object.keys(layers).filter(visible).forEach(function (k) { enqueue(layers[k]); });
    return queue;
  }

  document.querySelectorAll("[data-layer-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      var layer = layers[box.getAttribute("data-layer-toggle")];
      if (box.checked) { layer.group.addTo(map); enqueue(layer); } else { map.removeLayer(layer.group); }
    });
  });
  // the ledger link carries the map's filters, so the list shows the same records
  document.querySelectorAll("[data-layer-list]").forEach(function (a) {
    var q = query(cfg.filters);
    if (q) { a.href += (a.href.indexOf("?") < 0 ? "?" : "&") + q; }
  });

  var timer = null;
  map.on("moveend", function () {
    if (!state.ready) { return; }
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
  });

  // ---- boundaries, then the first load ------------------------------------------------------------------------
  var t0 = performance.now();
  fetch(cfg.boundaries_url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (gj) {
      var outlines = L.geoJSON(gj, {
        interactive: false,
        style: function (f) {
          return f.properties.own ? { color: "#1d3557", weight: 3, fill: false }
                                  : { color: "#457b9d", weight: 1.5, fillColor: "#a8dadc", fillOpacity: 0.12 };
        }
      }).addTo(map);
      var names = L.layerGroup().addTo(map);
      var alone = gj.features.length === 1;  // a township officer's map: his own township, named
      gj.features.forEach(function (f) {
        if (f.properties.own && !alone) { return; }
        var p = f.properties.label;
        names.addLayer(label([p[1], p[0]], f.properties.name, f.properties.own));
        state.labels += 1;
      });
      state.boundaries = gj.features.length;
      if (gj.features.length) {
        map.fitBounds(outlines.getBounds(), { padding: [10, 10] });
      } else {
        map.setView([35, 105], 4);
        if (statusEl) { statusEl.textContent = T.noBoundary; }
      }
      Object.keys(layers).forEach(function (k) { if (visible(k)) { layers[k].group.addTo(map); } });
      return refresh();
    })
    .then(function () {
      state.ready = true;
      state.firstRenderMs = Math.round(performance.now() - t0);  // from the boundaries' request
      state.readyAt = Math.round(performance.now());  // from the navigation's start
      el.setAttribute("data-ready", "1");
    });
})();
