// Search-as-you-type pickers (yingji/platform/core/pickers.py): a <select data-yj-picker> holds only its chosen
// option(s); Tom Select (static/vendor/tom-select-*) fetches the others from the select's data-url as the user types.
// Texts come from data attributes, rendered through gettext on the server. No inline script: the CSP forbids it.
(function () {
  "use strict";

  function esc(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function message(text) {
    return '<div class="no-results">' + esc(text) + "</div>";
  }

  // a page restored from htmx's history holds the old Tom Select markup but no instance: undo it before a new one
  function unwrapStale(el) {
    var wrapper = el.nextElementSibling;
    if (wrapper && wrapper.classList.contains("ts-wrapper")) { wrapper.remove(); }
    el.classList.remove("tomselected", "ts-hidden-accessible");
    el.removeAttribute("tabindex");
  }

  function setUp(el) {
    if (el.tomselect) { return; }
    if (el.classList.contains("tomselected")) { unwrapStale(el); }
    var url = el.dataset.url;
    var minChars = parseInt(el.dataset.minChars || "2", 10);
    new TomSelect(el, {
      valueField: "id",
      labelField: "label",
      searchField: ["label"],
      placeholder: el.dataset.hint || "",
      plugins: el.multiple ? ["remove_button"] : [],
      maxOptions: null,
      loadThrottle: 250,
      closeAfterSelect: true,
      shouldLoad: function (query) { return query.trim().length >= minChars; },
      load: function (query, callback) {
        var sep = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query.trim()), {
          credentials: "same-origin", headers: {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
        }).then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        }).then(function (data) {
          callback(data.results || []);
        }).catch(function () {
          el.tomselect.dropdown_content.innerHTML = message(el.dataset.error);
          callback();
        });
      },
      render: {
        no_results: function () { return message(el.dataset.noResults); },
        not_loading: function (data) {
          if (data.input.trim().length < minChars) { return message(el.dataset.typeMore); }
        },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"></div>'; }
      }
    });
  }

  function setUpAll(root) {
    if (typeof TomSelect === "undefined" || !root || !root.querySelectorAll) { return; }
    if (root.matches && root.matches("select[data-yj-picker]")) { setUp(root); }
    root.querySelectorAll("select[data-yj-picker]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  document.addEventListener("htmx:load", function (e) { setUpAll(e.target); });
  document.addEventListener("htmx:historyRestore", function () { setUpAll(document); });
})();
