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
