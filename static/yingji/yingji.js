// Small behaviours without inline scripts (the CSP forbids them): auto-submit of the language switch, and the
// countdowns to a reporting deadline.
document.addEventListener("change", function (e) {
  if (e.target.matches("select.yj-lang")) { e.target.form.submit(); }
});

// <span data-countdown="ISO time" data-overdue="已超时" data-prefix="剩余 ">: the time left, every second (值班台, an
// incident's 报送时限); at zero the badge turns red and says it is overdue. The page renders the first value itself.
document.querySelectorAll("[data-countdown]").forEach(function (el) {
  var due = new Date(el.dataset.countdown), prefix = el.dataset.prefix || "", timer = null;
  function tick() {
    var s = Math.round((due - new Date()) / 1000);
    if (s <= 0) {
      el.textContent = el.dataset.overdue || el.textContent; el.className = "badge text-bg-danger";
      if (timer) { clearInterval(timer); }
      return false;
    }
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
    el.textContent = prefix + (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(sec).padStart(2, "0");
    return true;
  }
  if (tick()) { timer = setInterval(tick, 1000); }
});

// <form data-confirm="确定…？">: asks before an irreversible action is submitted (the CSP allows no inline handler)
document.addEventListener("submit", function (e) {
  var msg = e.target.dataset && e.target.dataset.confirm;
  if (msg && !window.confirm(msg)) { e.preventDefault(); }
});

// The sidebar's groups (<details data-group>) fold away; a group the user folded stays folded on the next page
// (localStorage, this browser only), except the group of the current page, which is always open.
(function () {
  var KEY = "yj-nav-folded", folded = {};
  try { folded = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (err) { folded = {}; }
  document.querySelectorAll("details[data-group]").forEach(function (el) {
    if (folded[el.dataset.group] && !el.hasAttribute("data-current")) { el.open = false; }
    el.addEventListener("toggle", function () {
      if (el.open) { delete folded[el.dataset.group]; } else { folded[el.dataset.group] = 1; }
      try { window.localStorage.setItem(KEY, JSON.stringify(folded)); } catch (err) { /* private mode: not kept */ }
    });
  });
})();

// A detail page's tabs (core/object_detail.html): the tab in the address (#tab-history) is shown on load, and a
// tab shown puts itself in the address without scrolling, so a reload or a shared link opens the same tab.
(function () {
  var hash = window.location.hash;
  if (hash && hash.indexOf("#tab-") === 0 && window.bootstrap) {
    var button = document.querySelector('[data-bs-toggle="tab"][data-bs-target="' + hash + '"]');
    if (button) { window.bootstrap.Tab.getOrCreateInstance(button).show(); }
  }
  document.addEventListener("shown.bs.tab", function (e) {
    var target = e.target.getAttribute("data-bs-target");
    if (target && window.history.replaceState) { window.history.replaceState(null, "", target); }
  });
})();

// 已存筛选 (core/object_list.html): the list filters in place (htmx pushes the new address), so the filter saved is
// the one in the address bar now, not the one the page was first drawn with.
document.addEventListener("submit", function (e) {
  if (e.target.matches("form[data-query-from-location]")) {
    e.target.querySelector("input[name=query]").value = window.location.search.replace(/^\?/, "");
  }
});

// A form in a dialog posted by htmx (<form data-yj-dialog-form hx-post>, e.g. 登记新隐患 on the inspection form): a
// refusal (400) answers the form with its Chinese errors and is shown in place; success answers what the page
// updates (HX-Retarget) and the event yj-dialog-done (HX-Trigger), which closes the dialog.
document.addEventListener("htmx:beforeSwap", function (e) {
  var elt = e.detail.requestConfig && e.detail.requestConfig.elt;
  if (e.detail.xhr.status === 400 && elt && elt.closest && elt.closest("form[data-yj-dialog-form]")) {
    e.detail.shouldSwap = true;
    e.detail.isError = false;
  }
});
document.addEventListener("yj-dialog-done", function (e) {
  var dialog = e.target && e.target.closest ? e.target.closest(".modal") : null;
  if (dialog && window.bootstrap) { window.bootstrap.Modal.getOrCreateInstance(dialog).hide(); }
});
