// Small behaviours without inline scripts (the CSP forbids them): auto-submit of the language switch.
document.addEventListener("change", function (e) {
  if (e.target.matches("select.yj-lang")) { e.target.form.submit(); }
});
