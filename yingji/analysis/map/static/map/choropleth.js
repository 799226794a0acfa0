// The map by 乡镇（街道） of one measure (map/_choropleth.html): township boundaries shaded in five classes, the
// name and value on hover, the same figures in a table below (also what a printed page shows).
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var SHADES = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];

  function shade(v, max) {
    if (!v || !max) { return "#f7f7f7"; }
    return SHADES[Math.min(SHADES.length - 1, Math.floor((v / max) * SHADES.length))];
  }

  function setup(box) {
    if (box.getAttribute("data-ready-init")) { return; }
    box.setAttribute("data-ready-init", "1");
    var params = JSON.parse(document.getElementById(box.id + "-params").textContent);
    var el = box.querySelector("[data-choropleth]");
    var select = box.querySelector("[data-choropleth-measure]");
    var tbody = box.querySelector("tbody");
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
    var layer = null, names = L.layerGroup().addTo(map), legend = null;

    function load() {
      var opt = select.options[select.selectedIndex];
      var q = Object.keys(params).map(function (k) { return k + "=" + encodeURIComponent(params[k]); }).join("&");
      box.removeAttribute("data-loaded");
      box.removeAttribute("data-load-failed");
      fetch(opt.getAttribute("data-url") + (q ? "?" + q : ""), { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          return r.json();
        })
        .then(function (d) {
          if (layer) { map.removeLayer(layer); }
          names.clearLayers();
          layer = L.geoJSON(d, { style: function (f) {
            return { color: "#666", weight: 1, fillColor: shade(f.properties.value, d.max), fillOpacity: 0.85 };
          }, onEachFeature: function (f, l) {
            l.bindTooltip(f.properties.name + "：" + f.properties.value + (d.unit || ""), { sticky: true });
          } }).addTo(map);
          d.features.forEach(function (f) {
            var span = document.createElement("span");
            span.textContent = f.properties.name;
            names.addLayer(L.marker([f.properties.label[1], f.properties.label[0]], { interactive: false,
              keyboard: false, icon: L.divIcon({ className: "yj-map-label", html: span, iconSize: null }) }));
          });
          if (d.features.length) { map.fitBounds(layer.getBounds(), { padding: [4, 4] }); }
          tbody.textContent = "";
          d.rows.forEach(function (r) {
            var tr = document.createElement("tr"), a = document.createElement("td"), b = document.createElement("td");
            a.textContent = r.name; b.textContent = r.value; b.className = "text-end";
            tr.appendChild(a); tr.appendChild(b); tbody.appendChild(tr);
          });
          if (legend) { map.removeControl(legend); }
          legend = L.control({ position: "bottomright" });
          legend.onAdd = function () {
            var div = L.DomUtil.create("div", "yj-choropleth-legend");
            SHADES.forEach(function (c, i) {
              var row = document.createElement("div"), sw = document.createElement("i");
              sw.style.background = c;
              row.appendChild(sw);
              row.appendChild(document.createTextNode(
                Math.round(d.max * i / SHADES.length * 100) / 100 + "–" + Math.round(d.max * (i + 1) / SHADES.length * 100) / 100));
              div.appendChild(row);
            });
            return div;
          };
          legend.addTo(map);
          box.setAttribute("data-loaded", d.measure);
        })
        .catch(function (e) {
          // the page stays usable; the table says the map is missing, and a test waiting for the box sees it ended
          tbody.textContent = "";
          var tr = document.createElement("tr"), td = document.createElement("td");
          td.colSpan = 2; td.className = "text-muted";
          td.textContent = box.getAttribute("data-failed-text") || "分布图未能加载";
          tr.appendChild(td); tbody.appendChild(tr);
          box.setAttribute("data-load-failed", e.message);
        });
    }
    select.addEventListener("change", load);
    load();
  }

  document.querySelectorAll(".yj-choropleth-box").forEach(setup);
})();
